// TC3-HMAC-SHA256 verification, written from Tencent's description of the algorithm (crs-v3-api.md §4.2),
// independently of any client: the canonical request is rebuilt from what was RECEIVED (the headers listed
// in SignedHeaders, lower-cased names and trimmed values; the query exactly as sent; the body's exact
// bytes), so that any client that signs correctly passes and one changed byte fails.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { V3Code } from './v3-error';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const TC3_WINDOW_SECONDS = 300;

export interface Tc3Request {
  method: string;
  /** The URL path (`/`). */
  path: string;
  /** The query string as received, without `?` (GET); ignored for POST, whose canonical query is empty. */
  query: string;
  /** As Node gives them: lower-cased names. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Tc3Credential {
  secretKey: string;
  /** A temporary credential's token: the request must carry it in X-TC-Token. */
  token?: string;
}

export interface Tc3Options {
  /** The credential scope's service: `redis` for this simulator. */
  service: string;
  /** Epoch ms to check X-TC-Timestamp against. */
  now: number;
  credentialOf: (secretId: string) => Tc3Credential | undefined;
  windowSeconds?: number;
}

export type Tc3Result =
  { ok: true; secretId: string; timestamp: number } | { ok: false; code: V3Code; message: string };

interface ParsedAuthorization {
  algorithm: string;
  secretId: string;
  date: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim();
}

/** `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`. */
export function parseAuthorization(header: string): ParsedAuthorization | null {
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match) return null;
  const [, algorithm = '', rest = ''] = match;
  const fields = new Map<string, string>();
  for (const part of rest.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 4 || !signedHeaders || !signature) return null;
  const [secretId = '', date = '', service = '', terminator = ''] = credential;
  return {
    algorithm,
    secretId,
    date,
    service,
    terminator,
    signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
    signature: signature.toLowerCase(),
  };
}

/** The canonical request of §4.2, from the received request and the header names that were signed. */
export function canonicalRequest(request: Tc3Request, signedHeaders: readonly string[]): string {
  const method = request.method.toUpperCase();
  const headers = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  return [
    method,
    request.path,
    method === 'GET' ? request.query : '',
    headers,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

export function stringToSign(timestamp: number, scope: string, canonical: string): string {
  return [TC3_ALGORITHM, String(timestamp), scope, sha256Hex(canonical)].join('\n');
}

export function tc3Signature(secretKey: string, date: string, service: string, toSign: string): string {
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return createHmac('sha256', signingKey).update(toSign, 'utf8').digest('hex');
}

function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

function fail(code: V3Code, message: string): Tc3Result {
  return { ok: false, code, message };
}

/** The signer, or the code Tencent answers: the checks run in the order a gateway would need them. */
export function verifyTc3(request: Tc3Request, options: Tc3Options): Tc3Result {
  const header = headerValue(request.headers, 'authorization');
  if (!header) return fail('AuthFailure.InvalidAuthorization', 'the request has no Authorization header');
  const auth = parseAuthorization(header);
  if (!auth || auth.algorithm !== TC3_ALGORITHM)
    return fail(
      'AuthFailure.InvalidAuthorization',
      `Authorization must be "${TC3_ALGORITHM} Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=<names>, Signature=<hex>"`,
    );
  const rawTimestamp = headerValue(request.headers, 'x-tc-timestamp');
  if (rawTimestamp === undefined) return fail('MissingParameter', 'the request is missing the X-TC-Timestamp header');
  if (!/^\d{1,12}$/.test(rawTimestamp))
    return fail('InvalidParameter', `X-TC-Timestamp must be Unix seconds, got ${JSON.stringify(rawTimestamp)}`);
  const timestamp = Number(rawTimestamp);

  const credential = options.credentialOf(auth.secretId);
  if (!credential)
    return fail('AuthFailure.SecretIdNotFound', `SecretId ${auth.secretId} does not exist or is disabled`);

  const expectedDate = utcDate(timestamp);
  if (auth.date !== expectedDate || auth.service !== options.service || auth.terminator !== 'tc3_request')
    return fail(
      'AuthFailure.SignatureFailure',
      `the credential scope must be ${expectedDate}/${options.service}/tc3_request (the UTC date of X-TC-Timestamp), got ${auth.date}/${auth.service}/${auth.terminator}`,
    );

  const window = options.windowSeconds ?? TC3_WINDOW_SECONDS;
  const nowSeconds = Math.floor(options.now / 1000);
  if (Math.abs(nowSeconds - timestamp) > window)
    return fail(
      'AuthFailure.SignatureExpire',
      `X-TC-Timestamp ${timestamp} is more than ${window / 60} minutes from the server time ${nowSeconds}`,
    );

  for (const required of ['content-type', 'host'])
    if (!auth.signedHeaders.includes(required))
      return fail('AuthFailure.SignatureFailure', `SignedHeaders must include ${required}`);
  const unsent = auth.signedHeaders.find((name) => headerValue(request.headers, name) === undefined);
  if (unsent !== undefined) return fail('AuthFailure.SignatureFailure', `signed header ${unsent} was not sent`);

  const scope = `${auth.date}/${auth.service}/tc3_request`;
  const expected = tc3Signature(
    credential.secretKey,
    auth.date,
    auth.service,
    stringToSign(timestamp, scope, canonicalRequest(request, auth.signedHeaders)),
  );
  const given = Buffer.from(auth.signature);
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(expected), given))
    return fail(
      'AuthFailure.SignatureFailure',
      'the signature does not match: check the key, the signed headers (host as sent), the query and the exact body bytes',
    );

  const token = headerValue(request.headers, 'x-tc-token');
  if (credential.token !== undefined && token !== credential.token)
    return fail('AuthFailure.TokenFailure', 'the temporary credential needs its token in X-TC-Token');
  if (credential.token === undefined && token !== undefined && token !== '')
    return fail('AuthFailure.TokenFailure', 'X-TC-Token does not belong to this key');
  return { ok: true, secretId: auth.secretId, timestamp };
}
