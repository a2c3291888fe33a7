// Bodies of POST /schedules and PATCH /schedules/{id}: when runs are due, what happens on overlap and after
// an outage, and the batch each run is.
import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  SCHEDULE_DURATION_PATTERN,
  SCHEDULE_ID_PATTERN,
  SCHEDULE_OVERLAP_POLICIES,
  type ScheduleOverlapPolicy,
} from '@crs-export/contracts';
import { BatchRequestDto } from '../../batches/dto/batch-request.dto';

const DURATION = { message: (field: string) => `${field} must be a duration such as 30s, 10m, 6h or 1d` };
/** Five cron fields (or a @daily-style macro), printable characters only. */
const CRON_PATTERN = /^(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4}\S+)$/;

export class CreateScheduleDto {
  @ApiProperty({ example: 'nightly-gz', pattern: SCHEDULE_ID_PATTERN.source, description: 'The schedule id' })
  @IsString()
  @Matches(SCHEDULE_ID_PATTERN, {
    message: 'scheduleId must be 1-63 lowercase letters, digits and hyphens, starting with a letter or digit',
  })
  scheduleId!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['0 3 * * *'],
    description: 'Cron expressions (minute hour day-of-month month day-of-week), in timeZone',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(CRON_PATTERN, { each: true, message: 'each cron must have five fields, e.g. "0 3 * * *"' })
  cron?: string[];

  @ApiPropertyOptional({
    example: '24h',
    pattern: SCHEDULE_DURATION_PATTERN.source,
    description: 'An interval instead of (or as well as) cron',
  })
  @IsOptional()
  @Matches(SCHEDULE_DURATION_PATTERN, { message: DURATION.message('every') })
  every?: string;

  @ApiPropertyOptional({
    example: '3h',
    pattern: SCHEDULE_DURATION_PATTERN.source,
    description: 'Offset of the interval',
  })
  @IsOptional()
  @Matches(SCHEDULE_DURATION_PATTERN, { message: DURATION.message('offset') })
  offset?: string;

  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    description: 'IANA time zone; default SCHEDULE_TIME_ZONE (Asia/Shanghai)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: '5m',
    pattern: SCHEDULE_DURATION_PATTERN.source,
    description: 'Start each run up to this much late, at random',
  })
  @IsOptional()
  @Matches(SCHEDULE_DURATION_PATTERN, { message: DURATION.message('jitter') })
  jitter?: string;

  @ApiPropertyOptional({
    enum: SCHEDULE_OVERLAP_POLICIES,
    default: 'SKIP',
    description: 'A run due while the last still runs',
  })
  @IsOptional()
  @IsIn(SCHEDULE_OVERLAP_POLICIES, { message: `overlap must be one of ${SCHEDULE_OVERLAP_POLICIES.join(', ')}` })
  overlap?: ScheduleOverlapPolicy;

  @ApiPropertyOptional({
    example: '1h',
    default: '1h',
    pattern: SCHEDULE_DURATION_PATTERN.source,
    description: 'Runs missed during an outage within this window still start',
  })
  @IsOptional()
  @Matches(SCHEDULE_DURATION_PATTERN, { message: DURATION.message('catchupWindow') })
  catchupWindow?: string;

  @ApiPropertyOptional({ default: false, description: 'Pause the schedule when a run fails' })
  @IsOptional()
  @IsBoolean()
  pauseOnFailure?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Create it paused' })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiProperty({ type: BatchRequestDto, description: 'What each run exports: a batch' })
  @IsDefined({ message: 'batch is required: what each run exports' })
  @IsObject({ message: 'batch must be an object' })
  @ValidateNested()
  @Type(() => BatchRequestDto)
  batch!: BatchRequestDto;
}

/** PATCH: any part; a spec part given replaces the whole spec (cron, every, offset, timeZone, jitter). */
export class UpdateScheduleDto extends PartialType(OmitType(CreateScheduleDto, ['scheduleId', 'paused'] as const)) {}

export class ScheduleNoteDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'bucket migration' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
