// Metrics routes, the exports-by-state gauge and the last success per instance (the Temporal module is global).
import { Module } from '@nestjs/common';
import { ExportsByStateGauge } from './exports-by-state.gauge';
import { LastSuccessGauge } from './last-success.gauge';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController], providers: [ExportsByStateGauge, LastSuccessGauge] })
export class MetricsModule {}
