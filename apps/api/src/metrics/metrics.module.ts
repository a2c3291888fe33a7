// Metrics routes and the exports-by-state gauge (the Temporal module is global).
import { Module } from '@nestjs/common';
import { ExportsByStateGauge } from './exports-by-state.gauge';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController], providers: [ExportsByStateGauge] })
export class MetricsModule {}
