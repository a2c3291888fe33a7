// Body of POST /batches/{id}/cancel.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelBatchDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'wrong destination' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
