// The form of an API key, `crs_<id>_<secret>`: the id finds the key's entry at once, the secret proves it.
import { randomBytes } from 'node:crypto';
import { WeakApiKeyError } from './api-keys-errors';

/** 12 hex digits (48 bits): unique within a keys file, printed in logs and audit lines, not secret. */
export const API_KEY_ID_PATTERN = /^[0-9a-f]{12}$/;
/** The secret is 32 random bytes, base64url: exactly 43 characters. */
const TOKEN_PATTERN = /^crs_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** 43 random base64url characters have about 31 distinct ones; fewer than 16 is a made-up value, not a key. */
const MIN_DISTINCT_SECRET_CHARACTERS = 16;

export interface NewApiKeyToken {
  readonly id: string;
  /** What the client sends as `Authorization: Bearer <token>`; shown once, never stored. */
  readonly token: string;
}

/** A new random key. */
export function newApiKeyToken(): NewApiKeyToken {
  for (;;) {
    const id = randomBytes(6).toString('hex');
    const token = `crs_${id}_${randomBytes(32).toString('base64url')}`;
    if (apiKeyIdOf(token) === id) return { id, token };
  }
}

/** The id of a well-formed token, or null for anything else (another format, a placeholder, a typo). */
export function apiKeyIdOf(token: string): string | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  return new Set(match[2]).size >= MIN_DISTINCT_SECRET_CHARACTERS ? match[1] : null;
}

/** The id of a token handed in by code (a test stack, a tool); throws WeakApiKeyError naming the expected form. */
export function requireApiKeyToken(token: string, what: string): string {
  const id = apiKeyIdOf(token);
  if (id === null) {
    throw new WeakApiKeyError(
      `${what} is not an API key of the form crs_<12 hex digits>_<43 random base64url characters> ` +
        '(newApiKeyToken() or `npx crs-export keys create` makes one)',
    );
  }
  return id;
}

/** The token of an `Authorization: Bearer <token>` header value, or null when absent or of another scheme. */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
