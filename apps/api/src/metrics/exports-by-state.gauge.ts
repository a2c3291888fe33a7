// The `crs_export_exports{state}` gauge: exports per state from Temporal visibility, counted on scrape
// and cached briefly so that frequent scrapes do not become a load on Temporal.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { EXPORT_STATES, type ExportState } from '@crs-export/contracts';
import { ExportClient } from '@crs-export/export-client';
import { API_LOGGER } from '../core/api-tokens';
import { ApiMetrics } from '../metrics/api-metrics';

const CACHE_MS = 10_000;

@Injectable()
export class ExportsByStateGauge implements OnModuleInit {
  private cached: { at: number; counts: Record<ExportState, number> } | null = null;

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly exports: ExportClient,
    @Inject(API_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with the gauge as `this`
    const source = this;
    new Gauge({
      name: 'crs_export_exports',
      help: 'Exports per state, from Temporal visibility (cached for 10 s)',
      labelNames: ['state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const counts = await source.counts();
        if (!counts) return;
        for (const state of EXPORT_STATES) this.set({ state }, counts[state]);
      },
    });
  }

  private async counts(): Promise<Record<ExportState, number> | null> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.counts;
    try {
      this.cached = { at: Date.now(), counts: await this.exports.countExportsByState() };
      return this.cached.counts;
    } catch (error) {
      // A scrape must not fail because Temporal is down: keep the last values, say why in the log.
      this.logger.warn({ err: error }, 'could not count exports by state');
      return this.cached?.counts ?? null;
    }
  }
}
