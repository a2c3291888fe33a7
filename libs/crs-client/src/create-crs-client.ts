// Builds the CRS client from the one typed configuration (the worker's composition root uses this).
import { crsEndpointOf, type AppConfig } from '@crs-export/config';
import { CrsClient, type CrsClientOptions } from './crs-client';

export type CrsClientOverrides = Partial<Omit<CrsClientOptions, 'endpoint' | 'secretId' | 'secretKey'>>;

/** The configured endpoint (or the embedded simulator's), credentials, region, method and timeout. */
export function createCrsClientFromConfig(config: AppConfig, overrides: CrsClientOverrides = {}): CrsClient {
  return new CrsClient({
    endpoint: crsEndpointOf(config),
    secretId: config.crs.secretId,
    secretKey: config.crs.secretKey,
    region: config.crs.region,
    signatureMethod: config.crs.signatureMethod,
    httpMethod: config.crs.httpMethod,
    timeoutMs: config.crs.timeoutMs,
    ...overrides,
  });
}
