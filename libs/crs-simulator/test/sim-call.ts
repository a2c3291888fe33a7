// Test helper: signs a v2 call with the client library's signer and sends it with fetch.
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { HttpMethod, SignatureMethod } from '@crs-export/crs-client';
import type { CrsSimulator } from '../src';
import { signedParams } from '../src';

export interface CallOptions {
  method?: HttpMethod;
  signatureMethod?: SignatureMethod;
  region?: string;
  secretId?: string;
  secretKey?: string;
  timestamp?: number;
  nonce?: number;
  /** Changes the params after signing (tampering). */
  tamper?: (params: Record<string, string>) => void;
  /** Sign for another host than the one the request goes to. */
  signHost?: string;
}

export interface CallResult {
  status: number;
  body: Record<string, unknown> & {
    code: number | string;
    message: string;
    codeDesc: string;
    data?: Record<string, unknown>;
  };
}

export function signed(
  sim: CrsSimulator,
  action: string,
  params: Record<string, string | number> = {},
  options: CallOptions = {},
): Record<string, string> {
  const signedSet = signedParams({
    method: options.method ?? 'GET',
    host: options.signHost ?? new URL(sim.url).host,
    action,
    region: options.region ?? 'gz',
    secretId: options.secretId ?? DEMO_SECRET_ID,
    secretKey: options.secretKey ?? DEMO_SECRET_KEY,
    params,
    ...(options.signatureMethod ? { signatureMethod: options.signatureMethod } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
  });
  options.tamper?.(signedSet);
  return signedSet;
}

/** Sends an already signed parameter set, as GET query or POST form. */
export async function send(
  sim: CrsSimulator,
  params: Record<string, string>,
  method: HttpMethod = 'GET',
  query = '',
): Promise<CallResult> {
  const form = new URLSearchParams(params).toString();
  const response =
    method === 'GET'
      ? await fetch(`${sim.endpoint}?${form}`)
      : await fetch(`${sim.endpoint}${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
  return { status: response.status, body: (await response.json()) as CallResult['body'] };
}

export async function call(
  sim: CrsSimulator,
  action: string,
  params: Record<string, string | number> = {},
  options: CallOptions = {},
): Promise<CallResult> {
  return send(sim, signed(sim, action, params, options), options.method ?? 'GET');
}

/** The data of a successful call; fails the test with the error body otherwise. */
export async function ok(
  sim: CrsSimulator,
  action: string,
  params: Record<string, string | number> = {},
  options: CallOptions = {},
): Promise<CallResult['body']> {
  const { body } = await call(sim, action, params, options);
  if (Number(body.code) !== 0) throw new Error(`${action} failed: ${JSON.stringify(body)}`);
  return body;
}
