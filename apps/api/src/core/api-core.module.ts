// Process-wide values every module may inject: configuration, logger, key verifier, metrics.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '@crs-export/config';
import { ApiKeyVerifier } from '../auth/api-key-verifier';
import { ApiMetrics } from '../metrics/api-metrics';
import { API_CONFIG, API_LOGGER } from './api-tokens';

@Global()
@Module({})
export class ApiCoreModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ApiCoreModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_LOGGER, useValue: logger },
        { provide: ApiKeyVerifier, useValue: new ApiKeyVerifier(config.api.keys) },
        ApiMetrics,
      ],
      exports: [API_CONFIG, API_LOGGER, ApiKeyVerifier, ApiMetrics],
    };
  }
}
