// Values that parse but that a service refuses at start: placeholders copied from .env.example, and the
// simulator's demo credentials sent to Tencent itself (they open nothing there; better a clear error at start).
import type { z } from 'zod';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from './demo-credentials';
import { Secret } from './secret';

/** `change-me...` and its spellings: what .env.example puts where a secret or an account's value goes. */
const PLACEHOLDER = /change[-_ ]?me/i;
/** Tencent Cloud's own API hosts (API 3.0 and the legacy v2). */
const TENCENT_HOST = /(^|\.)(tencentcloudapi\.com|qcloud\.com)$/i;

export interface RefusedValuesInput {
  TENCENTCLOUD_SECRET_ID: string | null;
  TENCENTCLOUD_SECRET_KEY: Secret | null;
  CRS_API_VERSION: string;
  CRS_ENDPOINT: string | null;
  CRS_CONNECT_TO: string | null;
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value instanceof Secret) return [value.reveal()];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  return [];
}

/** True when the worker's CRS calls go to Tencent itself (not the simulator, a proxy or a private link). */
function callsTencent(env: RefusedValuesInput): boolean {
  if (env.CRS_ENDPOINT === null) return false;
  if (env.CRS_API_VERSION === '3' && env.CRS_CONNECT_TO !== null) return false;
  return TENCENT_HOST.test(new URL(env.CRS_ENDPOINT).hostname);
}

/** Adds an issue for every placeholder value and for demo credentials aimed at Tencent. */
export function refusedValueIssues(env: RefusedValuesInput & Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(env)) {
    if (textsOf(value).some((text) => PLACEHOLDER.test(text))) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'is a placeholder (change-me, as in .env.example): set a real value',
      });
    }
  }
  const demo =
    env.TENCENTCLOUD_SECRET_ID === DEMO_SECRET_ID || env.TENCENTCLOUD_SECRET_KEY?.reveal() === DEMO_SECRET_KEY;
  if (demo && callsTencent(env)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.TENCENTCLOUD_SECRET_ID === DEMO_SECRET_ID ? 'TENCENTCLOUD_SECRET_ID' : 'TENCENTCLOUD_SECRET_KEY'],
      message:
        "the CRS simulator's demo credentials (as in .env.example) open nothing at Tencent (CRS_ENDPOINT): set the account's SecretId and SecretKey, or point CRS_ENDPOINT (or CRS_CONNECT_TO) at the simulator",
    });
  }
}
