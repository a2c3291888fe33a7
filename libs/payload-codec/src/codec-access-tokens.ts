// The codec server's key check for callers that send a header (the CLI, scripts): `Authorization: Bearer <token>`
// against configured access tokens, compared as SHA-256 digests in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CodecAuthorizer } from './codec-server';

/** An authorizer that allows a request whose `Authorization: Bearer <token>` is one of `tokens`. */
export function bearerTokenAuthorizer(tokens: readonly string[]): CodecAuthorizer {
  const digests = tokens.map(digest);
  return ({ headers }) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    if (!match?.[1]) return 'unauthenticated';
    const presented = digest(match[1]);
    let allowed = false;
    // Compares against every token, so the time taken does not tell which one (or whether any) matched.
    for (const known of digests) if (timingSafeEqual(presented, known)) allowed = true;
    return allowed ? 'allow' : 'unauthenticated';
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
