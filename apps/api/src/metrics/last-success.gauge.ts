// `crs_export_last_success_timestamp_seconds{redis_id,region}`: when each instance's last export SUCCEEDED
// (with a destination: its last complete, verified archive), for alerts such as "no archive for 26 hours".
// Built from visibility: a scan of the last LOOKBACK at the first scrape, then only what closed since.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { succeededExportsSince } from '@crs-export/export-client';
import { API_LOGGER } from '../core/api-tokens';
import { ApiMetrics } from './api-metrics';

/** How far back the first scan looks; an instance without a success in this window has no series. */
const LOOKBACK_MS = 8 * 86_400_000;
const REFRESH_MS = 30_000;
/** Visibility lags a little: each scan starts this much before the last one's end. */
const OVERLAP_MS = 60_000;

@Injectable()
export class LastSuccessGauge implements OnModuleInit {
  private readonly last = new Map<string, { region: string; seconds: number }>();
  private scannedUntil: Date | null = null;
  private refreshedAt = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly client: Client,
    @Inject(API_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with the gauge as `this`
    const source = this;
    new Gauge({
      name: 'crs_export_last_success_timestamp_seconds',
      help: "Unix time of each instance's last SUCCEEDED export (with a destination: its last complete archive)",
      labelNames: ['redis_id', 'region'] as const,
      registers: [this.metrics.registry],
      async collect() {
        await source.refresh();
        this.reset();
        for (const [redisId, { region, seconds }] of source.last) this.set({ redis_id: redisId, region }, seconds);
      },
    });
  }

  private refresh(): Promise<void> {
    if (Date.now() - this.refreshedAt < REFRESH_MS) return Promise.resolve();
    this.refreshing ??= this.scan().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async scan(): Promise<void> {
    const startedAt = new Date();
    const since = this.scannedUntil
      ? new Date(this.scannedUntil.getTime() - OVERLAP_MS)
      : new Date(startedAt.getTime() - LOOKBACK_MS);
    try {
      for await (const success of succeededExportsSince(this.client, since)) {
        const seconds = success.closedAt.getTime() / 1000;
        const known = this.last.get(success.redisId);
        if (!known || known.seconds < seconds) {
          this.last.set(success.redisId, { region: success.region ?? known?.region ?? '', seconds });
        }
      }
      this.scannedUntil = startedAt;
      this.refreshedAt = Date.now();
    } catch (error) {
      // A scrape must not fail because Temporal is down: keep the last values, say why in the log.
      this.logger.warn({ err: error }, 'could not read the last successful exports');
    }
  }
}
