// Checks bearer keys against the configured ones in constant time, comparing SHA-256 digests.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '@crs-export/config';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export class ApiKeyVerifier {
  private readonly digests: Buffer[];
  /** One verification per request: the rate limit and the guard both ask, the key is hashed once. */
  private readonly verified = new WeakMap<object, string | null>();

  constructor(keys: readonly Secret[]) {
    this.digests = keys.map((key) => digest(key.reveal()));
  }

  /** A fingerprint of the matching key (safe to log and to key rate limits by), or null. */
  verify(candidate: string): string | null {
    const presented = digest(candidate);
    let match: Buffer | null = null;
    // Compare with every key, so the time taken does not tell which one (or whether any) matched.
    for (const known of this.digests) {
      if (timingSafeEqual(presented, known)) match = known;
    }
    return match ? match.toString('hex').slice(0, 12) : null;
  }

  /** The key id of a request's bearer key (null: none, or not a valid one), verified once per request. */
  identify(request: { headers: { authorization?: string | undefined } }): string | null {
    const known = this.verified.get(request);
    if (known !== undefined) return known;
    const token = ApiKeyVerifier.bearerToken(request.headers.authorization);
    const keyId = token === null ? null : this.verify(token);
    this.verified.set(request, keyId);
    return keyId;
  }

  /** The bearer token of an Authorization header value, or null when absent or of another scheme. */
  static bearerToken(header: string | undefined): string | null {
    const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header ?? '');
    return match?.[1] ?? null;
  }
}
