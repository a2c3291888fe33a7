// The schedule resource as the API returns it, and its OpenAPI schema.
import { ApiProperty } from '@nestjs/swagger';
import {
  SCHEDULE_OVERLAP_POLICIES,
  type ScheduleOverlapPolicy,
  type SchedulePolicy,
  type ScheduleRun,
  type ScheduleSpec,
  type ScheduleStatus,
  type ScheduledBatch,
} from '@crs-export/contracts';

export class ScheduleSpecDto implements ScheduleSpec {
  @ApiProperty({ type: [String], example: ['0 3 * * *'] })
  cron!: string[];

  @ApiProperty({ type: String, nullable: true, example: null })
  every!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  offset!: string | null;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({ type: String, nullable: true, example: '5m' })
  jitter!: string | null;
}

export class SchedulePolicyDto implements SchedulePolicy {
  @ApiProperty({ enum: SCHEDULE_OVERLAP_POLICIES })
  overlap!: ScheduleOverlapPolicy;

  @ApiProperty({ example: '1h' })
  catchupWindow!: string;

  @ApiProperty()
  pauseOnFailure!: boolean;
}

export class ScheduleRunDto implements ScheduleRun {
  @ApiProperty({ example: 'batch-nightly-gz-2026-12-02T19:00:00Z' })
  batchId!: string;

  @ApiProperty({ format: 'date-time' })
  scheduledAt!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
}

export class ScheduleLinksDto {
  @ApiProperty({ example: '/schedules/nightly-gz' })
  self!: string;

  @ApiProperty({ example: 'http://127.0.0.1:8233/namespaces/default/schedules/nightly-gz' })
  temporalUi!: string;
}

export class ScheduleResourceDto implements ScheduleStatus {
  @ApiProperty({ example: 'nightly-gz' })
  scheduleId!: string;

  @ApiProperty({ type: ScheduleSpecDto })
  spec!: ScheduleSpecDto;

  @ApiProperty({ type: SchedulePolicyDto })
  policy!: SchedulePolicyDto;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The batch each run starts (as resolved)' })
  batch!: ScheduledBatch;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty()
  paused!: boolean;

  @ApiProperty({ type: [String], description: 'When the next runs are due (up to 5)' })
  nextRunsAt!: string[];

  @ApiProperty({ type: [ScheduleRunDto], description: 'The last runs, newest first' })
  recentRuns!: ScheduleRunDto[];

  @ApiProperty({ type: [String], description: 'Batches of this schedule running now' })
  runningBatchIds!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: string | null;

  @ApiProperty({ type: ScheduleLinksDto })
  links!: ScheduleLinksDto;
}

export class ScheduleListDto {
  @ApiProperty({ type: [ScheduleResourceDto] })
  items!: ScheduleResourceDto[];
}

export class ScheduleTriggerDto extends ScheduleResourceDto {
  @ApiProperty({ type: String, nullable: true, description: "The run's batch, once Temporal started it" })
  triggeredBatchId!: string | null;
}
