// What an API key may do: each route of the API requires one of these scopes.

export const API_KEY_SCOPES = ['read', 'export', 'admin', 'urls'] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** One line per scope, for `keys create --help`, READMEs and error messages. */
export const API_KEY_SCOPE_MEANINGS: Readonly<Record<ApiKeyScope, string>> = {
  read: 'read exports, batches, schedules and notifications',
  export: 'start and cancel exports and batches',
  admin: "schedules, keys, batches' admin operations, notification tests",
  urls: 'see download URLs in answers (?include=urls)',
};

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/**
 * `read,export` (any order, duplicates ignored) or `all`, into scopes in their canonical order; throws an Error
 * that names what is not a scope.
 */
export function parseApiKeyScopes(text: string): ApiKeyScope[] {
  const items = text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 1 && items[0] === 'all') return [...API_KEY_SCOPES];
  const unknown = items.filter((item) => !isApiKeyScope(item));
  if (unknown.length > 0) {
    throw new Error(`not a scope: ${unknown.join(', ')} (scopes: ${API_KEY_SCOPES.join(', ')}, or all)`);
  }
  if (items.length === 0) throw new Error(`no scope given (scopes: ${API_KEY_SCOPES.join(', ')}, or all)`);
  return API_KEY_SCOPES.filter((scope) => items.includes(scope));
}
