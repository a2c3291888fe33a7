// The CRS v2 request signature (reference §3): sorted raw `name=value` pairs, `_` -> `.` in keys,
// METHOD + host + path + '?' + query, HMAC-SHA1 or HMAC-SHA256 with the secret key, base64.
import { createHmac } from 'node:crypto';
import type { HttpMethod, SignatureMethod } from './crs-api';

export type SignableParams = Record<string, string>;

/** Keys as they are signed and sent: every `_` becomes `.` (Placement_Zone -> Placement.Zone). */
export function normalizeParamKeys(params: SignableParams): SignableParams {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key.replace(/_/g, '.'), value]));
}

/** The string to sign; `params` must not contain `Signature`. Names sort by code point (PHP ksort). */
export function stringToSign(method: HttpMethod, host: string, path: string, params: SignableParams): string {
  const query = Object.keys(params)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${params[key]}`)
    .join('&');
  return `${method}${host}${path}?${query}`;
}

/** HmacSHA256 only when asked for exactly; anything else is HmacSHA1, as Tencent documents. */
export function hmacAlgorithmOf(signatureMethod: string | undefined): 'sha256' | 'sha1' {
  return signatureMethod === 'HmacSHA256' ? 'sha256' : 'sha1';
}

export function signString(
  text: string,
  secretKey: string,
  signatureMethod: SignatureMethod | string | undefined,
): string {
  return createHmac(hmacAlgorithmOf(signatureMethod), secretKey).update(text, 'utf8').digest('base64');
}

export interface SignRequest {
  method: HttpMethod;
  host: string;
  path: string;
  params: SignableParams;
  secretKey: string;
}

/** Signs a request whose params already hold SecretId, Timestamp, Nonce and (optionally) SignatureMethod. */
export function signRequest({ method, host, path, params, secretKey }: SignRequest): string {
  return signString(stringToSign(method, host, path, params), secretKey, params['SignatureMethod']);
}
