// The plain scripts' CRS access: the same API 3.0 client and adapter of the backend port as the worker's,
// behind the same per-account rate limiter (Tencent's limits) or none, against the in-process simulator, with a
// key of an account of their own (SCRIPT_CREDENTIAL).
import { TENCENT_RATE_LIMITS } from '@crs-export/config';
import type { CrsBackend } from '@crs-export/contracts';
import { CrsRateLimiter } from '@crs-export/crs-rate-limit';
import type { CrsSimulator } from '@crs-export/crs-simulator';
import { CrsV3Client, createV3Backend, tencentCredentialOf } from '@crs-export/crs-v3-client';
import { SCRIPT_CREDENTIAL } from './bench-scenario';
import { V3_ENDPOINT, type RateLimitSetting } from './bench-stack';

export interface ScriptBackendOptions {
  simulator: CrsSimulator;
  rateLimits: RateLimitSetting;
  /** The backend's clock for backup listing windows: the simulator's when its clock is held. */
  now?: () => number;
}

export function scriptBackend(options: ScriptBackendOptions): CrsBackend {
  const limiter = options.rateLimits === 'tencent' ? new CrsRateLimiter({ limits: TENCENT_RATE_LIMITS }) : null;
  const client = new CrsV3Client({
    credential: tencentCredentialOf({
      kind: 'static',
      secretId: SCRIPT_CREDENTIAL.secretId,
      secretKey: SCRIPT_CREDENTIAL.secretKey,
    }),
    endpoint: V3_ENDPOINT,
    connectTo: `127.0.0.1:${options.simulator.port}`,
    timeoutMs: 10_000,
    ...(limiter ? { beforeCall: (action: string, signal?: AbortSignal) => limiter.acquire(action, signal) } : {}),
  });
  return createV3Backend(client, options.now ? { now: options.now } : {});
}
