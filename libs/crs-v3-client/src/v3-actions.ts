// The seven CRS API 3.0 actions the export uses: their requests and results, with the fields and types of
// crs-v3-api.md §1 (Tencent's own field names, so that each maps to the docs at a glance).

export const V3_API_VERSION = '2018-04-12';
export const DEFAULT_V3_HOST = 'redis.tencentcloudapi.com';

export type V3ActionName =
  | 'DescribeInstances'
  | 'DescribeInstanceBackups'
  | 'DescribeBackupDetail'
  | 'ManualBackupInstance'
  | 'DescribeTaskInfo'
  | 'DescribeBackupUrl'
  | 'DescribeBackupDownloadRestriction';

// ------------------------------------------------------------------------------------- DescribeInstances

/** §1.1. Every field is optional; `Limit` at most 1000, `Offset` a multiple of Limit. */
export interface DescribeInstancesRequest {
  InstanceId?: string;
  InstanceIds?: string[];
  Limit?: number;
  Offset?: number;
  SearchKey?: string;
  InstanceName?: string;
  OrderBy?: 'projectId' | 'createtime' | 'instancename' | 'type' | 'curDeadline';
  /** 1 descending (the default), 0 ascending. */
  OrderType?: 0 | 1;
  Status?: number[];
  /** 1 standalone, 2 master-replica, 3 cluster. */
  TypeVersion?: 1 | 2 | 3;
  EngineName?: string;
  Type?: number;
  ProductVersions?: string[];
}

/** The fields of an `InstanceSet` entry that matter here; null where the answer leaves one out. */
export interface V3Instance {
  InstanceId: string;
  InstanceName: string;
  /** 0 to be initialised, 1 in a flow, 2 running, -2 isolated, -3 pending deletion. */
  Status: number;
  /** Engine and edition in one code (§1.1, v3-instance-types.ts). */
  Type: number | null;
  /** `standalone` (standard) or `cluster`. */
  ProductType: string | null;
  RedisShardNum: number | null;
  RedisReplicasNum: number | null;
  /** MB per shard. */
  RedisShardSize: number | null;
  /** MB. */
  Size: number | null;
  Engine: string | null;
  CurrentRedisVersion: string | null;
  Region: string | null;
  ProductVersion: string | null;
  BackupMode: string | null;
  /** Tencent's resource tags. */
  InstanceTags: { TagKey: string; TagValue: string }[];
}

export interface DescribeInstancesResult {
  TotalCount: number;
  InstanceSet: V3Instance[];
  RequestId: string;
}

// ------------------------------------------------------------------------------ DescribeInstanceBackups

/**
 * §1.2. `Limit` at most 100, `Offset` a multiple of Limit; BeginTime/EndTime are Beijing times at most 30 days
 * apart and match backups that STARTED in between; without `Status` only finished backups (2) are listed.
 */
export interface DescribeInstanceBackupsRequest {
  InstanceId?: string;
  InstanceName?: string;
  Limit?: number;
  Offset?: number;
  BeginTime?: string;
  EndTime?: string;
  Status?: number[];
}

/** A `RedisBackupSet` entry. */
export interface V3Backup {
  BackupId: string;
  /** Beijing time. */
  StartTime: string;
  EndTime: string | null;
  ExpireTime: string | null;
  /** A string: "0" manual, "1" automatic, "2" triggered by a configuration change (§1.2, INFERRED). */
  BackupType: string | null;
  /** 1 in progress / locked, 2 normal, 3 being converted to RDB, 4 converted, -1 expired, -2 deleted. */
  Status: number;
  Locked: number | null;
  Remark: string;
  BackupSize: number | null;
  InstanceId: string | null;
  InstanceName: string | null;
  Region: string | null;
  /** e.g. "RDB-Redis 6.2". */
  FileType: string | null;
  Encrypted: boolean | null;
}

export interface DescribeInstanceBackupsResult {
  TotalCount: number;
  BackupSet: V3Backup[];
  RequestId: string;
}

// --------------------------------------------------------------------------------- DescribeBackupDetail

export interface DescribeBackupDetailRequest {
  InstanceId: string;
  BackupId: string;
}

/** §1.3, without `DecryptKey`: the key of an encrypted backup is never read, kept, returned or logged. */
export interface DescribeBackupDetailResult {
  BackupId: string;
  StartTime: string | null;
  EndTime: string | null;
  BackupType: string | null;
  Status: number | null;
  Remark: string;
  Locked: number | null;
  /** Bytes. */
  BackupSize: number | null;
  InstanceType: number | null;
  /** MB per shard. */
  MemSize: number | null;
  /** Files to expect from DescribeBackupUrl: one per shard. */
  ShardNum: number | null;
  ReplicasNum: number | null;
  Encrypted: boolean | null;
  KmsKeyId: string | null;
  KeyAlgorithm: string | null;
  RequestId: string;
}

// --------------------------------------------------------------------------------- ManualBackupInstance

/** §1.4. StorageDays 0-1825 (0: the account's default, 7 unless auto backups keep longer). */
export interface ManualBackupInstanceRequest {
  InstanceId: string;
  Remark?: string;
  StorageDays?: number;
}

/** No BackupId: the new backup is found again by listing (§1.4). */
export interface ManualBackupInstanceResult {
  /** An integer; an old doc example sends it as a string, which is coerced. */
  TaskId: number;
  RequestId: string;
}

// ------------------------------------------------------------------------------------- DescribeTaskInfo

export interface DescribeTaskInfoRequest {
  TaskId: number;
}

export type V3TaskStatus = 'preparing' | 'running' | 'succeed' | 'failed' | 'error';

export interface DescribeTaskInfoResult {
  /** `preparing` | `running` | `succeed` | `failed` | `error`, or whatever else Tencent sends. */
  Status: string;
  StartTime: string | null;
  /** A free-text label (Chinese). */
  TaskType: string | null;
  InstanceId: string | null;
  /** The error text of a failed task; empty otherwise. */
  TaskMessage: string;
  RequestId: string;
}

// ------------------------------------------------------------------------------------ DescribeBackupUrl

export type V3LimitType = 'NoLimit' | 'LimitOnlyIntranet' | 'Customize';

export interface V3LimitVpc {
  Region: string;
  VpcList: string[];
}

/** §1.5. Without LimitType the account's regional setting (ModifyBackupDownloadRestriction) applies. */
export interface DescribeBackupUrlRequest {
  InstanceId: string;
  BackupId: string;
  LimitType?: V3LimitType;
  VpcComparisonSymbol?: 'In';
  IpComparisonSymbol?: 'In' | 'NotIn';
  LimitVpc?: V3LimitVpc[];
  LimitIp?: string[];
}

/** One file of a backup (a cluster backup has one per shard), valid 6 hours. */
export interface V3BackupFile {
  FileName: string;
  /** Bytes; 0 means "invalid" (still converting). Null when read from the deprecated arrays, which have none. */
  FileSize: number | null;
  /** Public URL. */
  DownloadUrl: string;
  /** Intranet URL (works only in the instance's own region). */
  InnerDownloadUrl: string;
}

export interface DescribeBackupUrlResult {
  /** `BackupInfos` in Tencent's order, or, when the answer has none, built from the deprecated arrays. */
  BackupInfos: V3BackupFile[];
  /** Whether `BackupInfos` came from the deprecated `DownloadUrl`/`InnerDownloadUrl`/`Filenames` arrays. */
  fromDeprecatedArrays: boolean;
  RequestId: string;
}

// ------------------------------------------------------------------------ DescribeBackupDownloadRestriction

/** §1.6: the region's default restriction; the request has no parameters. */
export interface DescribeBackupDownloadRestrictionResult {
  LimitType: string;
  VpcComparisonSymbol: string | null;
  IpComparisonSymbol: string | null;
  LimitVpc: V3LimitVpc[];
  LimitIp: string[];
  RequestId: string;
}
