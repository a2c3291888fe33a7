// Body of POST /exports.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BACKUP_ID_PATTERN,
  BACKUP_SELECTORS,
  KNOWN_REGIONS,
  REDIS_ID_PATTERN,
  type DownloadRestriction,
  type Region,
} from '@crs-export/contracts';
import { OnlyWithNewBackup } from './only-with-new-backup.decorator';

const BACKUP_ID_OR_SELECTOR = new RegExp(
  `^(?:${BACKUP_ID_PATTERN.source.slice(1, -1)}|${BACKUP_SELECTORS.join('|')})$`,
);

export class VpcRestrictionDto {
  @ApiProperty({ example: 'ap-guangzhou' })
  @IsString()
  @IsIn(KNOWN_REGIONS, { message: 'region must be a known region' })
  region!: string;

  @ApiProperty({ type: [String], example: ['vpc-5og4fwm9'] })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^vpc-[a-z0-9]{4,32}$/, { each: true, message: 'each VPC must look like vpc-xxxxxxxx' })
  vpcList!: string[];
}

/** Where the download URLs may be used from (API 3.0 DescribeBackupUrl's LimitType and friends). */
export class DownloadRestrictionDto implements DownloadRestriction {
  @ApiProperty({ enum: ['NoLimit', 'LimitOnlyIntranet', 'Customize'] })
  @IsIn(['NoLimit', 'LimitOnlyIntranet', 'Customize'], {
    message: 'limitType must be NoLimit, LimitOnlyIntranet or Customize',
  })
  limitType!: 'NoLimit' | 'LimitOnlyIntranet' | 'Customize';

  @ApiPropertyOptional({ enum: ['In'] })
  @IsOptional()
  @IsIn(['In'], { message: 'vpcComparisonSymbol must be In' })
  vpcComparisonSymbol?: 'In';

  @ApiPropertyOptional({ enum: ['In', 'NotIn'] })
  @IsOptional()
  @IsIn(['In', 'NotIn'], { message: 'ipComparisonSymbol must be In or NotIn' })
  ipComparisonSymbol?: 'In' | 'NotIn';

  @ApiPropertyOptional({ type: [VpcRestrictionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VpcRestrictionDto)
  limitVpc?: VpcRestrictionDto[];

  @ApiPropertyOptional({ type: [String], example: ['10.1.0.13'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^\d{1,3}(\.\d{1,3}){3}$/, { each: true, message: 'each IP must be an IPv4 address' })
  limitIp?: string[];
}

export class CreateExportDto {
  @ApiProperty({ example: 'crs-j30wibe7', pattern: REDIS_ID_PATTERN.source, description: 'The CRS instance' })
  @IsString()
  @Matches(REDIS_ID_PATTERN, { message: 'redisId must be crs- followed by 8 lowercase letters or digits' })
  redisId!: string;

  @ApiProperty({
    example: '3a07b27e-f744-11e6-babc-525400082493',
    pattern: BACKUP_ID_OR_SELECTOR.source,
    description:
      'A backup ID (v2: a UUID; 3.0: digits), `latest` (the newest backup that can be downloaded) or `new` (a new backup)',
  })
  @IsString()
  @Matches(BACKUP_ID_OR_SELECTOR, { message: 'backupId must be a backup ID, latest or new' })
  backupId!: string;

  @ApiPropertyOptional({
    enum: KNOWN_REGIONS,
    example: 'gz',
    description: "Short (gz) or long (ap-guangzhou); defaults to the deployment's TENCENTCLOUD_REGION",
  })
  @IsOptional()
  @IsIn(KNOWN_REGIONS, { message: 'region must be a known Tencent Cloud region, short (gz) or long (ap-guangzhou)' })
  region?: Region;

  @ApiPropertyOptional({ maxLength: 60, description: 'With backupId new: a remark Tencent shows for the backup' })
  @OnlyWithNewBackup()
  @ValidateIf((body: CreateExportDto) => body.remark !== undefined)
  @IsString()
  @MaxLength(60)
  @Matches(/^\P{Cc}*$/u, { message: 'remark must not contain control characters' })
  remark?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1825, description: 'With backupId new: days Tencent keeps it' })
  @OnlyWithNewBackup()
  @IsOptional()
  @IsInt({ message: 'storageDays must be an integer' })
  @Min(0)
  @Max(1825)
  storageDays?: number;

  @ApiPropertyOptional({ type: DownloadRestrictionDto, description: 'API 3.0: where the download URLs may be used' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DownloadRestrictionDto)
  downloadRestriction?: DownloadRestrictionDto;

  @ApiPropertyOptional({
    example: 's3://backups/prod',
    maxLength: 1024,
    description:
      "Where the files are archived (inside one of the deployment's ARCHIVE_URL / ARCHIVE_DESTINATIONS); default ARCHIVE_URL, none when unset",
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  destination?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['ops'],
    description: 'Webhook endpoints (names configured in WEBHOOK_ENDPOINTS) told when the export ends',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  notify?: string[];
}
