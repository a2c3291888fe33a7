// The API's root module: the access guard (rate limit, API key, scope), the JSON body interceptor that
// reads bodies only after it, the one problem filter, and the feature modules.
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ApiKeyStore } from '@crs-export/api-keys';
import type { AppConfig } from '@crs-export/config';
import { ApiAccessGuard } from './auth/api-access.guard';
import { ApiCoreModule } from './core/api-core.module';
import { BatchesModule } from './batches/batches.module';
import { ExportsModule } from './exports/exports.module';
import { FleetModule } from './fleet/fleet.module';
import { HealthController } from './health/health.controller';
import { JsonBodyInterceptor } from './http/json-body.interceptor';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { SchedulesModule } from './schedules/schedules.module';
import { TemporalModule } from './temporal/temporal.module';

export interface AppModuleOptions {
  config: AppConfig;
  logger: Logger;
  temporalClient: Client;
  ownsTemporalConnection: boolean;
  /** The API keys (closed with the app). */
  apiKeys: ApiKeyStore;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiCoreModule.register(options.config, options.logger, options.apiKeys),
        TemporalModule.register(options.temporalClient, options.ownsTemporalConnection),
        FleetModule,
        ExportsModule,
        BatchesModule,
        SchedulesModule,
        NotificationsModule,
        MetricsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: ApiAccessGuard },
        // Interceptors run after guards: a body is read only once the key and its scope have been checked.
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
