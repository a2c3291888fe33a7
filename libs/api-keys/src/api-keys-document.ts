// The keys file's JSON document: one entry per key (id, HMAC of the token, scopes, times, note), never a token.
import { z } from 'zod';
import { API_KEY_SCOPES, type ApiKeyScope } from './api-key-scopes';
import { API_KEY_ID_PATTERN } from './api-key-token';
import { API_KEY_HASH_PREFIX } from './api-key-pepper';
import { ApiKeysFileError } from './api-keys-errors';

const HASH_PATTERN = new RegExp(`^${API_KEY_HASH_PREFIX}[A-Za-z0-9_-]{43}$`);
const isoTime = z.iso.datetime({ offset: true });

const recordSchema = z.strictObject({
  id: z.string().regex(API_KEY_ID_PATTERN, 'expected 12 hex digits'),
  hash: z.string().regex(HASH_PATTERN, `expected ${API_KEY_HASH_PREFIX}<43 base64url characters>`),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
  note: z.string().max(500),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});

const documentSchema = z.strictObject({ version: z.literal(1), keys: z.array(recordSchema) });

export interface ApiKeyRecord {
  readonly id: string;
  /** `hmac-sha256:<base64url>` of the whole token under the pepper; never printed. */
  readonly hash: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly note: string;
  readonly createdAt: string;
  /** null: never expires. */
  readonly expiresAt: string | null;
  /** Set by `keys revoke`; the entry stays so that `keys list` shows what was revoked and when. */
  readonly revokedAt: string | null;
}

export interface ApiKeysDocument {
  readonly version: 1;
  readonly keys: readonly ApiKeyRecord[];
}

export type ApiKeyState = 'active' | 'expired' | 'revoked';

export function apiKeyStateOf(record: ApiKeyRecord, nowMs: number): ApiKeyState {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= nowMs) return 'expired';
  return 'active';
}

/** Parses and checks a keys file; throws ApiKeysFileError listing every problem (never a hash). */
export function parseApiKeysDocument(text: string, path: string): ApiKeysDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiKeysFileError(path, 'not valid JSON');
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'document'}: ${issue.message}`);
    throw new ApiKeysFileError(path, `not a keys file: ${problems.join('; ')}`);
  }
  const seen = new Set<string>();
  for (const key of parsed.data.keys) {
    if (seen.has(key.id)) throw new ApiKeysFileError(path, `key ${key.id} appears twice`);
    seen.add(key.id);
  }
  return parsed.data;
}

export function serializeApiKeysDocument(document: ApiKeysDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
