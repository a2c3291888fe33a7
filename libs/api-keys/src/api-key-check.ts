// Checks one presented token against the loaded keys: one HMAC, one constant-time comparison, no I/O.
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { ApiKeyScope } from './api-key-scopes';
import { API_KEY_HASH_PREFIX, apiKeyDigestOf } from './api-key-pepper';
import { apiKeyIdOf } from './api-key-token';
import type { ApiKeyRecord } from './api-keys-document';

/** Why a token was refused. `revoked` and `expired` are told only for a token whose secret matched. */
export type ApiKeyRefusal = 'malformed' | 'unknown' | 'mismatch' | 'revoked' | 'expired';

export type ApiKeyCheck =
  | { readonly ok: true; readonly keyId: string; readonly scopes: ReadonlySet<ApiKeyScope> }
  /** keyId: the id the token claimed (null when malformed); safe to log, it is not secret. */
  | { readonly ok: false; readonly reason: ApiKeyRefusal; readonly keyId: string | null };

/** A key as checked per request: the digest decoded once, the scopes as a set, the expiry as a number. */
export interface LoadedApiKey {
  readonly digest: Buffer;
  readonly scopes: ReadonlySet<ApiKeyScope>;
  readonly expiresAtMs: number | null;
  readonly revoked: boolean;
}

export function loadedApiKeysOf(records: readonly ApiKeyRecord[]): ReadonlyMap<string, LoadedApiKey> {
  return new Map(
    records.map((record) => [
      record.id,
      {
        digest: Buffer.from(record.hash.slice(API_KEY_HASH_PREFIX.length), 'base64url'),
        scopes: new Set(record.scopes),
        expiresAtMs: record.expiresAt === null ? null : Date.parse(record.expiresAt),
        revoked: record.revokedAt !== null,
      },
    ]),
  );
}

export function checkApiKey(
  keys: ReadonlyMap<string, LoadedApiKey>,
  pepper: KeyObject,
  token: string,
  nowMs: number,
): ApiKeyCheck {
  const keyId = apiKeyIdOf(token);
  if (keyId === null) return { ok: false, reason: 'malformed', keyId: null };
  const key = keys.get(keyId);
  if (!key) return { ok: false, reason: 'unknown', keyId };
  if (!timingSafeEqual(apiKeyDigestOf(pepper, token), key.digest)) return { ok: false, reason: 'mismatch', keyId };
  if (key.revoked) return { ok: false, reason: 'revoked', keyId };
  if (key.expiresAtMs !== null && nowMs >= key.expiresAtMs) return { ok: false, reason: 'expired', keyId };
  return { ok: true, keyId, scopes: key.scopes };
}
