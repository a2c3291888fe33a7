// Body of POST /exports.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { BACKUP_ID_PATTERN, KNOWN_REGIONS, REDIS_ID_PATTERN, type Region } from '@crs-export/contracts';

export class CreateExportDto {
  @ApiProperty({ example: 'crs-j30wibe7', pattern: REDIS_ID_PATTERN.source, description: 'The CRS cluster instance' })
  @IsString()
  @Matches(REDIS_ID_PATTERN, { message: 'redisId must be crs- followed by 8 lowercase letters or digits' })
  redisId!: string;

  @ApiProperty({ example: '3a07b27e-f744-11e6-babc-525400082493', pattern: BACKUP_ID_PATTERN.source })
  @IsString()
  @Matches(BACKUP_ID_PATTERN, {
    message: 'backupId must be a lowercase UUID such as 3a07b27e-f744-11e6-babc-525400082493',
  })
  backupId!: string;

  @ApiPropertyOptional({
    enum: KNOWN_REGIONS,
    example: 'gz',
    description: "Defaults to the deployment's TENCENTCLOUD_REGION",
  })
  @IsOptional()
  @IsIn(KNOWN_REGIONS, { message: `region must be one of ${KNOWN_REGIONS.join(', ')}` })
  region?: Region;
}
