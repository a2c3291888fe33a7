// Body of POST /exports/{exportId}/cancel (optional).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelExportDto {
  @ApiPropertyOptional({ example: 'wrong backup', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
