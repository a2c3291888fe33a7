// Builds a signed v2 parameter set (for the sign-url script and for tests that call the simulator raw).
import { randomInt } from 'node:crypto';
import { signRequest, type HttpMethod, type SignatureMethod } from '@crs-export/crs-client';

export interface SignedParamsInput {
  method: HttpMethod;
  /** As the client will send it in the Host header, `:port` included. */
  host: string;
  path?: string;
  action: string;
  region: string;
  secretId: string;
  secretKey: string;
  signatureMethod?: SignatureMethod;
  /** Action parameters and any extra common ones. */
  params?: Record<string, string | number>;
  /** Seconds; default now. */
  timestamp?: number;
  nonce?: number;
}

/** Every parameter to send, Signature included (raw values: URL-encode them when sending). */
export function signedParams(input: SignedParamsInput): Record<string, string> {
  const params: Record<string, string> = {
    ...Object.fromEntries(Object.entries(input.params ?? {}).map(([key, value]) => [key, String(value)])),
    Action: input.action,
    Region: input.region,
    SecretId: input.secretId,
    Timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    Nonce: String(input.nonce ?? randomInt(1, 2 ** 47)),
  };
  if (input.signatureMethod) params['SignatureMethod'] = input.signatureMethod;
  const signature = signRequest({
    method: input.method,
    host: input.host,
    path: input.path ?? '/v2/index.php',
    params,
    secretKey: input.secretKey,
  });
  return { ...params, Signature: signature };
}
