// Process-wide values every module may inject: configuration, logger, the API keys, the rate limiter, the
// audit log, metrics. The keys store is opened by createApiApp and closed here on shutdown.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiKeyStore } from '@crs-export/api-keys';
import type { AppConfig } from '@crs-export/config';
import { AuditLog } from '../audit/audit-log';
import { RequestRateLimiter } from '../auth/request-rate-limiter';
import { ApiMetrics } from '../metrics/api-metrics';
import { API_CONFIG, API_LOGGER } from './api-tokens';

@Global()
@Module({})
export class ApiCoreModule implements OnApplicationShutdown {
  constructor(@Inject(ApiKeyStore) private readonly keys: ApiKeyStore) {}

  static register(config: AppConfig, logger: Logger, keys: ApiKeyStore): DynamicModule {
    return {
      module: ApiCoreModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_LOGGER, useValue: logger },
        { provide: ApiKeyStore, useValue: keys },
        { provide: RequestRateLimiter, useValue: new RequestRateLimiter(config.api.rateLimitPerMinute) },
        AuditLog,
        ApiMetrics,
      ],
      exports: [API_CONFIG, API_LOGGER, ApiKeyStore, RequestRateLimiter, AuditLog, ApiMetrics],
    };
  }

  onApplicationShutdown(): void {
    this.keys.close();
  }
}
