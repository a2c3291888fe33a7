// What a batch (POST /batches, and each run of a schedule) exports: which instances, which backup, where to.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { KNOWN_REGIONS, REDIS_ID_PATTERN, type Region } from '@crs-export/contracts';
import { StringValues } from './string-values.decorator';

export const MAX_BATCH_INSTANCES = 5000;

/** Which instances: a list of ids, or a region's instances filtered by architecture, name and tags. */
export class InstanceSelectorDto {
  @ApiPropertyOptional({ enum: KNOWN_REGIONS, example: 'ap-guangzhou', description: 'Default TENCENTCLOUD_REGION' })
  @IsOptional()
  @IsIn(KNOWN_REGIONS, { message: 'region must be a known Tencent Cloud region, short (gz) or long (ap-guangzhou)' })
  region?: Region;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_BATCH_INSTANCES,
    example: ['crs-j30wibe7', 'crs-5og4fwm9'],
    description: 'These instances (not with the filters)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_INSTANCES)
  @Matches(REDIS_ID_PATTERN, {
    each: true,
    message: 'each redisId must be crs- followed by 8 lowercase letters or digits',
  })
  redisIds?: string[];

  @ApiPropertyOptional({ enum: ['cluster', 'standard'], description: 'Filter: product type; absent: both' })
  @IsOptional()
  @IsIn(['cluster', 'standard'], { message: 'architecture must be cluster or standard' })
  architecture?: 'cluster' | 'standard';

  @ApiPropertyOptional({
    example: 'orders-*',
    maxLength: 128,
    description: 'Filter: a name glob (`*`), or a substring',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { env: 'prod' },
    description: 'Filter: every tag given must be on the instance with that value',
  })
  @IsOptional()
  @IsObject()
  @StringValues({ maxEntries: 20, maxLength: 255 })
  tags?: Record<string, string>;
}

/** Keep the last N complete archives and/or those of the last D days per instance; never the newest. */
export class RetentionPolicyDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, example: 7 })
  @IsOptional()
  @IsInt({ message: 'keepLast must be an integer' })
  @Min(1)
  @Max(10000)
  keepLast?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, example: 30 })
  @IsOptional()
  @IsInt({ message: 'keepDays must be an integer' })
  @Min(1)
  @Max(3650)
  keepDays?: number;

  @ApiPropertyOptional({ default: false, description: 'Report what would be deleted, delete nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class BatchRequestDto {
  @ApiProperty({ type: InstanceSelectorDto })
  @IsDefined({ message: 'selector is required: { redisIds } or { region, architecture, name, tags }' })
  @IsObject({ message: 'selector must be an object' })
  @ValidateNested()
  @Type(() => InstanceSelectorDto)
  selector!: InstanceSelectorDto;

  @ApiPropertyOptional({
    enum: ['latest', 'new'],
    default: 'latest',
    description: "Each instance's newest downloadable backup, or a new one",
  })
  @IsOptional()
  @IsIn(['latest', 'new'], { message: 'backup must be latest or new' })
  backup?: 'latest' | 'new';

  @ApiPropertyOptional({
    example: 's3://backups/prod',
    description: 'Where the files are archived (one of ARCHIVE_DESTINATIONS); default ARCHIVE_URL',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  destination?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'Exports at once; default BATCH_CONCURRENCY (10)' })
  @IsOptional()
  @IsInt({ message: 'concurrency must be an integer' })
  @Min(1)
  @Max(500)
  concurrency?: number;

  @ApiPropertyOptional({
    type: RetentionPolicyDto,
    description: 'Prune old archives after the run (needs a destination)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetentionPolicyDto)
  retention?: RetentionPolicyDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['ops'],
    description: 'Webhook endpoints (configured names) told when the batch ends',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  notify?: string[];

  @ApiPropertyOptional({
    enum: ['none', 'failed', 'all'],
    default: 'none',
    description: 'Which of its exports the notify endpoints are also told about',
  })
  @IsOptional()
  @IsIn(['none', 'failed', 'all'], { message: 'notifyExports must be none, failed or all' })
  notifyExports?: 'none' | 'failed' | 'all';
}
