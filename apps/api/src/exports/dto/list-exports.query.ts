// Query string of GET /exports.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BACKUP_ID_PATTERN, EXPORT_STATES, REDIS_ID_PATTERN, type ExportState } from '@crs-export/contracts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export class ListExportsQuery {
  @ApiPropertyOptional({ example: 'crs-j30wibe7' })
  @IsOptional()
  @Matches(REDIS_ID_PATTERN, { message: 'redisId must be crs- followed by 8 lowercase letters or digits' })
  redisId?: string;

  @ApiPropertyOptional({ example: '3a07b27e-f744-11e6-babc-525400082493' })
  @IsOptional()
  @Matches(BACKUP_ID_PATTERN, { message: 'backupId must be a lowercase UUID' })
  backupId?: string;

  @ApiPropertyOptional({ enum: EXPORT_STATES })
  @IsOptional()
  @IsIn(EXPORT_STATES, { message: `state must be one of ${EXPORT_STATES.join(', ')}` })
  state?: ExportState;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page, with the same filters' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor returned by GET /exports' })
  cursor?: string;
}
