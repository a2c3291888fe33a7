// Whom a request counts against for rate limiting: its API key when valid, else its address.
import type { ApiRequest } from '../core/api-request';
import { type ApiKeyVerifier } from './api-key-verifier';

export function rateLimitTracker(verifier: ApiKeyVerifier, request: ApiRequest): string {
  const keyId = verifier.identify(request);
  // Unverified keys count against the address, so rotating made-up keys does not escape the limit.
  return keyId === null ? `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}` : `key:${keyId}`;
}
