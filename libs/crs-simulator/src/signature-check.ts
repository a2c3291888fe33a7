// Checks a v2 request's common parameters and signature the way Tencent documents it: 4000 for missing
// or malformed common parameters, 4104 unknown SecretId, 4500 stale Timestamp or replayed Nonce, 4100
// wrong signature. The string to sign comes from the client library's own signer.
import { timingSafeEqual } from 'node:crypto';
import { normalizeParamKeys, signString, stringToSign } from '@crs-export/crs-client';
import type { HttpMethod } from '@crs-export/crs-client';
import type { Clock } from './clock';
import { CrsSimError } from './error-codes';

export const DEFAULT_TIMESTAMP_WINDOW_MS = 2 * 3600 * 1000;
/** Beyond this many remembered nonces the oldest are forgotten (memory bound under heavy benchmarks). */
const MAX_REMEMBERED_NONCES = 1_000_000;

export interface SignedRequest {
  method: HttpMethod;
  /** The Host header as sent, `:port` included. */
  host: string;
  path: string;
  params: Record<string, string>;
}

export interface AuthenticatedRequest {
  action: string;
  secretId: string;
  region: string | undefined;
  /** Every parameter but Signature, keys normalised (`_` -> `.`). */
  params: Record<string, string>;
}

export interface SignatureCheckOptions {
  /** Allowed distance between Timestamp and the time now, and how long a nonce is remembered. */
  timestampWindowMs: number;
  /** Wall time for the window; the simulated clock may run faster or be frozen. */
  clock: Clock;
}

const UINT = /^\d{1,20}$/;

function missing(name: string, what: string): CrsSimError {
  return new CrsSimError(4000, `(${name}) missing or malformed common parameter: ${what}`, 'InvalidParameter');
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class SignatureCheck {
  /** `secretId/nonce` -> when it was first seen; insertion order is time order, so pruning is from the front. */
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly secretKeyOf: (secretId: string) => string | undefined,
    private readonly options: SignatureCheckOptions,
  ) {}

  /** The authenticated request, or throws the CrsSimError Tencent would answer with. */
  verify(request: SignedRequest): AuthenticatedRequest {
    const { Signature: signature, ...unsigned } = request.params;
    const params = normalizeParamKeys(unsigned);
    const action = params['Action'];
    if (!action) throw missing('Action', 'the action name');
    const secretId = params['SecretId'];
    if (!secretId) throw missing('SecretId', 'the key id');
    const timestamp = params['Timestamp'];
    if (!timestamp || !UINT.test(timestamp)) throw missing('Timestamp', 'UNIX time in seconds');
    const nonce = params['Nonce'];
    if (!nonce || !UINT.test(nonce)) throw missing('Nonce', 'a random positive integer');
    if (!signature) throw missing('Signature', 'the request signature');

    const secretKey = this.secretKeyOf(secretId);
    if (secretKey === undefined)
      throw new CrsSimError(4104, 'SecretId does not exist or the key is disabled', 'SecretIdNotFound');

    const now = this.options.clock.now();
    const window = this.options.timestampWindowMs;
    if (Math.abs(Number(timestamp) * 1000 - now) > window) {
      throw new CrsSimError(
        4500,
        `Timestamp ${timestamp} is more than ${window / 1000} s from the server time ${Math.floor(now / 1000)}`,
        'ReplayAttack',
      );
    }

    const expected = signString(
      stringToSign(request.method, request.host, request.path, params),
      secretKey,
      params['SignatureMethod'],
    );
    if (!sameSignature(expected, signature)) {
      throw new CrsSimError(
        4100,
        'signature verification failed: check the key, the host, the method and the URL encoding of the Signature',
        'AuthFailure',
      );
    }

    // Only a correctly signed request uses up its nonce, so a forged one cannot block a real client.
    this.forgetOldNonces(now);
    const nonceKey = `${secretId}/${nonce}`;
    if (this.nonces.has(nonceKey))
      throw new CrsSimError(4500, `Nonce ${nonce} was already used within the replay window`, 'ReplayAttack');
    this.nonces.set(nonceKey, now);

    return { action, secretId, region: params['Region'], params };
  }

  reset(): void {
    this.nonces.clear();
  }

  private forgetOldNonces(now: number): void {
    const oldest = now - this.options.timestampWindowMs;
    for (const [key, seenAt] of this.nonces) {
      if (seenAt >= oldest && this.nonces.size < MAX_REMEMBERED_NONCES) break;
      this.nonces.delete(key);
    }
  }
}
