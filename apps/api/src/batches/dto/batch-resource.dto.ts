// The batch resource as the API returns it (with a page of its children), and its OpenAPI schema.
import { ApiProperty } from '@nestjs/swagger';
import {
  BATCH_STATES,
  EXPORT_STATES,
  type BatchFailure,
  type BatchState,
  type BatchStatus,
  type ExportState,
  type RetentionReport,
} from '@crs-export/contracts';
import { ExportPageDto } from '../../exports/dto/export-resource.dto';

export class BatchFailureDto implements BatchFailure {
  @ApiProperty({ example: 'crs-j30wibe7' })
  redisId!: string;

  @ApiProperty({ example: 'export-crs-j30wibe7-latest-3f0c...' })
  exportId!: string;

  @ApiProperty({ enum: EXPORT_STATES })
  state!: ExportState;

  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: {
      code: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      name: { type: 'string' },
      message: { type: 'string' },
    },
    example: { code: 'InvalidParameterValue.BackupNotExists', name: 'BackupNotExists', message: '...' },
  })
  error!: BatchFailure['error'];
}

class RetentionEntryDto {
  @ApiProperty({ example: 'crs-j30wibe7' })
  redisId!: string;

  @ApiProperty({ example: 's3://backups/prod/crs-j30wibe7/20261101T030000Z-678.../' })
  location!: string;

  @ApiProperty({ example: 'older than 30 days and not among the last 7' })
  reason!: string;
}

class RetentionFailureDto {
  @ApiProperty()
  redisId!: string;

  @ApiProperty()
  location!: string;

  @ApiProperty()
  error!: string;
}

class RetentionCountsDto {
  @ApiProperty()
  deleted!: number;

  @ApiProperty()
  kept!: number;

  @ApiProperty()
  failed!: number;
}

export class RetentionReportDto implements RetentionReport {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({ example: 'keep the 7 newest complete archives or those younger than 30 days of each instance; ...' })
  policy!: string;

  @ApiProperty({ type: RetentionCountsDto, description: 'The whole; each list keeps its first 500' })
  counts!: RetentionCountsDto;

  @ApiProperty({ type: [RetentionEntryDto], description: 'Deleted (dry run: would be deleted)' })
  deleted!: RetentionEntryDto[];

  @ApiProperty({ type: [RetentionEntryDto] })
  kept!: RetentionEntryDto[];

  @ApiProperty({ type: [RetentionFailureDto] })
  failed!: RetentionFailureDto[];
}

export class BatchLinksDto {
  @ApiProperty({ example: '/batches/batch-3f0c2a9d4b1e6a7c8d9e0f1a' })
  self!: string;

  @ApiProperty({ example: "http://127.0.0.1:8233/namespaces/default/workflows?query=BatchId%3D'batch-...'" })
  temporalUi!: string;
}

export class BatchResourceDto implements BatchStatus {
  @ApiProperty({ example: 'batch-3f0c2a9d4b1e6a7c8d9e0f1a' })
  batchId!: string;

  @ApiProperty({ enum: BATCH_STATES })
  state!: BatchState;

  @ApiProperty({
    type: 'object',
    description: 'The selector as resolved (region filled in)',
    additionalProperties: true,
  })
  selector!: BatchStatus['selector'];

  @ApiProperty({ enum: ['latest', 'new'] })
  backup!: 'latest' | 'new';

  @ApiProperty({ type: String, nullable: true, example: 's3://backups/prod' })
  destination!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The schedule whose run this is' })
  scheduleId!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Instances the selector resolved to (null while resolving)',
  })
  total!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { PENDING: 0, RUNNING: 2, SUCCEEDED: 180, FAILED: 18 },
    description: 'Children by state: PENDING not started, RUNNING started, the rest by how they ended',
  })
  counts!: BatchStatus['counts'];

  @ApiProperty({
    type: [BatchFailureDto],
    description: 'Each child that did not succeed, with its code (the first 1000)',
  })
  failures!: BatchFailureDto[];

  @ApiProperty({ description: 'Failures beyond the first 1000 (page them with ?state=FAILED)' })
  failuresOmitted!: number;

  @ApiProperty({ type: RetentionReportDto, nullable: true, description: 'What pruning did, after the run' })
  retention!: RetentionReportDto | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'Why the batch itself failed',
  })
  error!: BatchStatus['error'];

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: BatchLinksDto })
  links!: BatchLinksDto;
}

export class BatchWithChildrenDto extends BatchResourceDto {
  @ApiProperty({ type: ExportPageDto, description: 'A page of its child exports (newest first), with live states' })
  children!: ExportPageDto;
}
