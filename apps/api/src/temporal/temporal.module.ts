// The Temporal Client (class token) and the export client adapter over it; closes the connection on
// shutdown when the API opened it itself.
import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { AppConfig } from '@crs-export/config';
import { BatchClient, ExportClient, NotificationClient, ScheduleClient } from '@crs-export/export-client';
import { API_CONFIG } from '../core/api-tokens';

const OWNS_CONNECTION = Symbol('OWNS_TEMPORAL_CONNECTION');

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(
    private readonly client: Client,
    @Inject(OWNS_CONNECTION) private readonly ownsConnection: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // A client handed in by a caller (tests, benchmarks) is theirs to close.
    if (this.ownsConnection) await this.client.connection.close();
  }
}

@Global()
@Module({})
export class TemporalModule {
  static register(client: Client, ownsConnection: boolean): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        { provide: Client, useValue: client },
        { provide: OWNS_CONNECTION, useValue: ownsConnection },
        {
          provide: ExportClient,
          inject: [Client, API_CONFIG],
          useFactory: (temporal: Client, config: AppConfig) =>
            new ExportClient({ client: temporal, taskQueue: config.temporal.taskQueue }),
        },
        {
          provide: BatchClient,
          inject: [Client, API_CONFIG],
          useFactory: (temporal: Client, config: AppConfig) =>
            new BatchClient({ client: temporal, taskQueue: config.temporal.taskQueue }),
        },
        {
          provide: ScheduleClient,
          inject: [Client, API_CONFIG],
          useFactory: (temporal: Client, config: AppConfig) =>
            new ScheduleClient({ client: temporal, taskQueue: config.temporal.taskQueue }),
        },
        {
          provide: NotificationClient,
          inject: [Client, API_CONFIG],
          useFactory: (temporal: Client, config: AppConfig) =>
            new NotificationClient({ client: temporal, taskQueue: config.temporal.taskQueue }),
        },
        TemporalConnectionCloser,
      ],
      exports: [Client, ExportClient, BatchClient, ScheduleClient, NotificationClient],
    };
  }
}
