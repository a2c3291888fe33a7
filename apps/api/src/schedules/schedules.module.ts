// The schedule resource: routes and use cases (the schedule client comes from the global Temporal module).
import { Module } from '@nestjs/common';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

@Module({ controllers: [SchedulesController], providers: [SchedulesService] })
export class SchedulesModule {}
