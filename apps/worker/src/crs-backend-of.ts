// The backend port the worker's activities use, chosen by CRS_API_VERSION: the API 3.0 client (what every
// account uses) or the legacy v2 client; both behind the per-account rate limiter shared by the workers.
import { v3EndpointOf, type AppConfig } from '@crs-export/config';
import type { CrsBackend } from '@crs-export/contracts';
import { createCrsClientFromConfig, createV2Backend } from '@crs-export/crs-client';
import type { CrsRateLimiter } from '@crs-export/crs-rate-limit';
import {
  CrsV3Client,
  createV3Backend,
  tencentCredentialOf,
  type TencentCredentialSource,
} from '@crs-export/crs-v3-client';

export interface CrsBackendDeps {
  /** null: no limit (CRS_RATE_LIMITS=off). */
  limiter: CrsRateLimiter | null;
}

function credentialSourceOf(config: AppConfig): TencentCredentialSource {
  switch (config.crs.credentialSource) {
    case 'static':
      return {
        kind: 'static',
        secretId: config.crs.secretId,
        secretKey: config.crs.secretKey,
        token: config.crs.sessionToken,
      };
    case 'env':
    case 'profile':
    case 'cvm-role':
    case 'oidc':
    case 'chain':
      return { kind: config.crs.credentialSource };
  }
}

export function crsBackendOf(config: AppConfig, deps: CrsBackendDeps): CrsBackend {
  const { limiter } = deps;
  const beforeCall = limiter ? (action: string, signal?: AbortSignal) => limiter.acquire(action, signal) : undefined;
  if (config.crs.apiVersion === 2) {
    return createV2Backend(createCrsClientFromConfig(config, beforeCall ? { beforeCall } : {}));
  }
  const { endpoint, connectTo } = v3EndpointOf(config);
  const client = new CrsV3Client({
    credential: tencentCredentialOf(credentialSourceOf(config)),
    endpoint,
    connectTo,
    timeoutMs: config.crs.timeoutMs,
    ...(beforeCall ? { beforeCall } : {}),
  });
  return createV3Backend(client);
}
