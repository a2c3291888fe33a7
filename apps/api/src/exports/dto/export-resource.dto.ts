// The export resource (and a list item) as the API returns it; also their OpenAPI schemas.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EXPORT_FAILURES,
  EXPORT_STATES,
  type ArchiveFileState,
  type ArchiveFileStatus,
  type ExportArchive,
  type ExportBackup,
  type ExportFailureType,
  type ExportFileResource,
  type ExportLinks,
  type ExportPage,
  type ExportResource,
  type ExportState,
  type ExportSummaryResource,
} from '@crs-export/contracts';

export class ExportBackupDto implements ExportBackup {
  @ApiProperty({
    example: '678362566696298532848117',
    description: 'The backup exported (resolved for latest and new)',
  })
  backupId!: string;

  @ApiProperty({ example: 'manual', description: "'manual', 'auto' or Tencent's own text" })
  type!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Redis 7.0' })
  engine!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 10, description: 'RDB format version of its files' })
  rdbVersion!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'Files to expect: one per shard' })
  shardCount!: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  encrypted!: boolean | null;
}

export class ExportFileDto implements ExportFileResource {
  @ApiProperty({ example: 1, description: '1-based, in the order Tencent lists the files' })
  shard!: number;

  @ApiProperty({ example: '9527208-4633789-redis-server-7.0.15-1001463-ignore-1-ignore.rdb' })
  name!: string;

  @ApiProperty({ type: Number, nullable: true, example: 1264547, description: "Tencent's size (v2 gives none)" })
  sizeBytes!: number | null;

  @ApiPropertyOptional({
    example: 'https://redis-database-backup-1251937656.cos-internal.example/x.rdb?sign=...',
    description: 'A bearer secret: only with GET /exports/{id}?include=urls and a key with scope urls',
  })
  intranetUrl?: string;

  @ApiPropertyOptional({
    example: 'https://redis-database-backup-1251937656.cos.example/x.rdb?sign=...',
    description: 'A bearer secret: only with GET /exports/{id}?include=urls and a key with scope urls',
  })
  extranetUrl?: string;

  @ApiProperty({ format: 'date-time', description: 'The URLs stop working at this instant (3.0: 6 hours, v2: 12)' })
  expiresAt!: string;
}

export class ExportErrorDto {
  @ApiPropertyOptional({ enum: Object.keys(EXPORT_FAILURES), description: 'Which kind of failure' })
  type?: ExportFailureType;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 11214,
    description: "Tencent's code, or the name of one of our own failures",
  })
  code!: number | string;

  @ApiProperty({ example: 'OnlyClusterInstanceCanExportBackup' })
  name!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty()
  retryable!: boolean;

  @ApiPropertyOptional({ example: 'DescribeRedis' })
  action?: string;
}

export class CancellationDto {
  @ApiProperty()
  reason!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ description: 'Tencent has no call that stops an export task: a started task runs on at Tencent' })
  note!: string;
}

export class ArchiveFileStatusDto implements ArchiveFileStatus {
  @ApiProperty({ example: 1 })
  shard!: number;

  @ApiProperty({ example: 'shard-1.rdb' })
  name!: string;

  @ApiProperty({ enum: ['PENDING', 'TRANSFERRING', 'VERIFIED', 'FAILED'] })
  state!: ArchiveFileState;

  @ApiProperty({ description: 'Bytes transferred and checked so far' })
  bytesDone!: number;

  @ApiProperty({ type: Number, nullable: true })
  sizeBytes!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the file, once verified' })
  sha256!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 10 })
  rdbVersion!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Keys the file holds, once verified' })
  keys!: number | null;
}

export class ExportArchiveDto implements ExportArchive {
  @ApiProperty({ example: 's3://backups/prod/crs-j30wibe7/20261128T030000Z-678362566696298532848117/' })
  location!: string;

  @ApiProperty({ enum: ['PENDING', 'ARCHIVING', 'COMPLETE', 'ALREADY_ARCHIVED', 'FAILED'] })
  state!: ExportArchive['state'];

  @ApiProperty()
  bytesDone!: number;

  @ApiProperty({ type: Number, nullable: true })
  bytesTotal!: number | null;

  @ApiProperty({ type: [ArchiveFileStatusDto] })
  files!: ArchiveFileStatusDto[];

  @ApiProperty({ type: String, nullable: true, description: 'manifest.json, once written: the archive is complete' })
  manifest!: string | null;
}

export class ExportLinksDto implements ExportLinks {
  @ApiProperty({ example: '/exports/export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493' })
  self!: string;

  @ApiProperty({
    example:
      'http://127.0.0.1:8233/namespaces/default/workflows/export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493',
  })
  temporalUi!: string;
}

export class ExportSummaryDto implements ExportSummaryResource {
  @ApiProperty({ example: 'export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493' })
  exportId!: string;

  @ApiProperty({ example: 'crs-j30wibe7' })
  redisId!: string;

  @ApiProperty({ example: '3a07b27e-f744-11e6-babc-525400082493' })
  backupId!: string;

  @ApiProperty({ example: 'gz' })
  region!: string;

  @ApiProperty({ enum: EXPORT_STATES })
  state!: ExportState;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt!: string | null;

  @ApiProperty({ type: ExportLinksDto })
  links!: ExportLinksDto;
}

export class ExportResourceDto extends ExportSummaryDto implements ExportResource {
  @ApiProperty({ example: 'latest', description: 'What was asked for: a backup ID, latest or new' })
  requestedBackup!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Tencent task id (requestId of ExportRedisBackup)' })
  taskId!: number | null;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    nullable: true,
    description:
      'Last DescribeTaskInfo status: v2 0 queued, 1 running, 2 succeeded, 3 failed, -1 error; 3.0 preparing, running, succeed, failed, error',
  })
  taskStatus!: number | string | null;

  @ApiProperty({ description: 'DescribeTaskInfo calls so far' })
  polls!: number;

  @ApiProperty({ type: ExportBackupDto, nullable: true, description: 'The backup, once known' })
  backup!: ExportBackupDto | null;

  @ApiProperty({ type: [ExportFileDto], nullable: true, description: 'One file per shard, once known' })
  files!: ExportFileDto[] | null;

  @ApiProperty({
    type: ExportArchiveDto,
    nullable: true,
    description: 'The archive in storage the user owns, if asked for',
  })
  archive!: ExportArchiveDto | null;

  @ApiProperty({ type: ExportErrorDto, nullable: true })
  error!: ExportErrorDto | null;

  @ApiProperty({ type: CancellationDto, nullable: true })
  cancellation!: CancellationDto | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time' },
    description: 'When each state began',
    example: { VALIDATING: '2026-11-28T03:00:00.000Z' },
  })
  stateEnteredAt!: Partial<Record<ExportState, string>>;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ExportPageDto implements ExportPage<ExportSummaryResource> {
  @ApiProperty({ type: [ExportSummaryDto] })
  items!: ExportSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` (with the same filters) for the next page',
  })
  nextCursor!: string | null;
}
