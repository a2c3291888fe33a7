// Query string of GET /batches/{id}: the page of children to include.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_STATES, type ExportState } from '@crs-export/contracts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../exports/dto/list-exports.query';

export class BatchChildrenQuery {
  @ApiPropertyOptional({ enum: EXPORT_STATES, description: 'Only the children in this state (e.g. FAILED)' })
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

  @ApiPropertyOptional({ description: 'children.nextCursor of the previous answer' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a children.nextCursor returned by GET /batches/{id}' })
  cursor?: string;
}
