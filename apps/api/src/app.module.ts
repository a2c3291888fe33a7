// The API's root module: global guards (rate limit, then API key), the one problem filter, the JSON
// body parser as Nest middleware, and the feature modules.
import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AppConfig } from '@crs-export/config';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyVerifier } from './auth/api-key-verifier';
import { rateLimitTracker } from './auth/rate-limit-tracker';
import { ApiCoreModule } from './core/api-core.module';
import type { ApiRequest } from './core/api-request';
import { ExportsModule } from './exports/exports.module';
import { HealthController } from './health/health.controller';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { MetricsModule } from './metrics/metrics.module';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { TemporalModule } from './temporal/temporal.module';

export interface AppModuleOptions {
  config: AppConfig;
  logger: Logger;
  temporalClient: Client;
  ownsTemporalConnection: boolean;
}

@Module({})
export class AppModule implements NestModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiCoreModule.register(options.config, options.logger),
        TemporalModule.register(options.temporalClient, options.ownsTemporalConnection),
        ThrottlerModule.forRootAsync({
          inject: [ApiKeyVerifier],
          useFactory: (verifier: ApiKeyVerifier) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: options.config.api.rateLimitPerMinute }],
            getTracker: (request: Record<string, unknown>) =>
              rateLimitTracker(verifier, request as unknown as ApiRequest),
          }),
        }),
        ExportsModule,
        MetricsModule,
      ],
      controllers: [HealthController],
      providers: [
        // Order matters: the rate limit counts requests with bad keys too, before auth rejects them.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes('*');
  }
}
