// Query string of GET /exports/{exportId}: what to add to the resource.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class GetExportQuery {
  @ApiPropertyOptional({
    enum: ['urls'],
    description:
      "urls: the files' download URLs (bearer secrets: anyone holding one downloads the whole database); needs a key with scope urls",
  })
  @IsOptional()
  @IsIn(['urls'], { message: 'include must be urls' })
  include?: 'urls';
}
