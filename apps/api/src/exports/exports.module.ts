// The export resource: routes and use cases (the export client comes from the global Temporal module).
import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
