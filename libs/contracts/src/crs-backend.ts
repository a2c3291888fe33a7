// The backend port: what an export needs from Tencent, in the domain's words. The v2 client and the
// 3.0 client are its adapters; the activities are written against it only, so the
// workflow never knows which API generation runs. Every call names its region; failures are CrsApiErrors.

/** Per-call options of every port method. */
export interface CrsCallOptions {
  /** Aborts the call (the activity's cancellation signal); it then fails with code 'Aborted'. */
  signal?: AbortSignal;
  /** Overrides the adapter's timeout for this call. */
  timeoutMs?: number;
}

export interface InstanceRef {
  region: string;
  redisId: string;
}

export interface BackupRef extends InstanceRef {
  backupId: string;
}

export type InstanceArchitecture = 'cluster' | 'standard';

/** What validation needs to know of an instance. */
export interface RedisInstanceInfo {
  redisId: string;
  name: string;
  architecture: InstanceArchitecture;
  /** Tencent's own status code (v2 `status`, 3.0 `Status`); `running` says whether it allows backups. */
  status: number;
  running: boolean;
  /** e.g. "Redis 7.0"; null where the API does not say (v2). */
  engine: string | null;
  /** The RDB format version its files carry (rdb.md); null where unknown. */
  rdbVersion: number | null;
  /** Shards of a cluster (1 for a standard instance); null where the API does not say (v2). */
  shardCount: number | null;
  /** Tencent's resource tags (3.0); v2 reports none. */
  tags: Readonly<Record<string, string>>;
}

/**
 * A backup's status, the same numbers in both generations: 1 in progress or locked by another flow,
 * 2 normal, 3 being exported / converted to RDB, 4 exported / converted, -1 expired, -2 deleted.
 */
export type BackupStatusCode = number;

export interface BackupInfo {
  backupId: string;
  status: BackupStatusCode;
  /** 'manual', 'auto' or Tencent's own text where it is neither. */
  type: string;
  /** ISO-8601 (Tencent's times are Beijing time, UTC+8). */
  startedAt: string;
  /** When it ended, ISO-8601, where the API says (3.0 EndTime); absent or null where it does not (v2). */
  endedAt?: string | null;
  remark: string;
  /** Where the listing says (3.0): is the backup encrypted. */
  encrypted: boolean | null;
  /** Total bytes, where the API says (3.0 BackupSize). */
  sizeBytes: number | null;
}

/** What DescribeBackupDetail adds (3.0); v2 knows none of it. Never carries a DecryptKey. */
export interface BackupDetail {
  backupId: string;
  /** Files to expect: one per shard. */
  shardCount: number | null;
  encrypted: boolean | null;
  sizeBytes: number | null;
}

/** Where the download URLs may be used from (3.0 LimitType and friends); omitted: the account's regional setting. */
export interface DownloadRestriction {
  limitType: 'NoLimit' | 'LimitOnlyIntranet' | 'Customize';
  vpcComparisonSymbol?: 'In';
  ipComparisonSymbol?: 'In' | 'NotIn';
  limitVpc?: { region: string; vpcList: string[] }[];
  limitIp?: string[];
}

export interface NewBackupRequest {
  /** Tencent's Remark; also how the new backup is found again, since ManualBackupInstance names no BackupId. */
  remark: string;
  /** Days Tencent keeps it (0: the account's default). */
  storageDays?: number;
}

/** One look at a Tencent task: the flow behind an export (v2) or a new backup. */
export interface TaskProgress {
  state: 'pending' | 'succeeded' | 'failed' | 'error';
  /** Tencent's own status: v2 0/1/2/3/-1, 3.0 `preparing`/`running`/`succeed`/`failed`/`error`. */
  tencentStatus: number | string;
  /** Tencent's message on failure (3.0 `TaskMessage`), else empty. */
  message: string;
}

/** One RDB file of a backup: a cluster backup has one per shard. */
export interface BackupFileLink {
  /** 1-based, in the order Tencent lists the files. */
  shard: number;
  /** Tencent's file name, or a name of ours where the API gives none (v2). */
  name: string;
  /** Tencent's size in bytes; null where the API gives none (v2). */
  sizeBytes: number | null;
  intranetUrl: string;
  extranetUrl: string;
}

export type BackupFilesAnswer =
  | { ready: true; files: BackupFileLink[] }
  /** Tencent is still converting the backup to RDB files: ask again later. */
  | { ready: false; reason: string };

export interface CrsBackend {
  readonly apiVersion: 2 | 3;
  /** How long Tencent keeps download URLs valid (3.0 6 h, v2 12 h). */
  readonly urlValidityMs: number;
  /** Whether standard (non-cluster) instances can be exported: v2 exports cluster backups only. */
  readonly exportsStandardInstances: boolean;
  /** Whether a backup must be exported (v2 ExportRedisBackup) before it has download URLs. */
  readonly needsExportStep: boolean;
  /** The instance, or null when it does not exist in that region. */
  findInstance(ref: InstanceRef, options?: CrsCallOptions): Promise<RedisInstanceInfo | null>;
  /** Every instance of a region, all pages (a batch's selector filters them). */
  listInstances(region: string, options?: CrsCallOptions): Promise<RedisInstanceInfo[]>;
  /** One backup of the instance, in any status, or null when Tencent does not list it. */
  findBackup(ref: BackupRef, options?: CrsCallOptions): Promise<BackupInfo | null>;
  /** The newest backup that can be downloaded (status 2 or 4), or null when there is none. */
  latestBackup(ref: InstanceRef, options?: CrsCallOptions): Promise<BackupInfo | null>;
  /**
   * The instance's backups of the last weeks (3.0: one DescribeInstanceBackups page of the newest window), with
   * their end times: how long its backups take. Absent where the API gives no end times (v2).
   */
  recentBackups?(ref: InstanceRef, options?: CrsCallOptions): Promise<BackupInfo[]>;
  /** Shards and encryption of a backup (3.0 DescribeBackupDetail); all null where the API has no such call. */
  backupDetail(ref: BackupRef, options?: CrsCallOptions): Promise<BackupDetail>;
  /** Starts a new backup (ManualBackupInstance): Tencent answers with a task to wait for, not with the backup. */
  createBackup(ref: InstanceRef, request: NewBackupRequest, options?: CrsCallOptions): Promise<{ taskId: number }>;
  /**
   * The backup a finished createBackup task made: the newest manual backup with that remark that started at or
   * after `startedAfter` (ISO-8601), in any status; null while Tencent does not list it yet.
   */
  findCreatedBackup(
    ref: InstanceRef,
    created: { remark: string; startedAfter: string },
    options?: CrsCallOptions,
  ): Promise<BackupInfo | null>;
  /** Makes a backup downloadable (v2 ExportRedisBackup); returns the task to wait for. */
  startBackupExport(ref: BackupRef, options?: CrsCallOptions): Promise<{ taskId: number }>;
  /** One look at a task. */
  describeTask(ref: { region: string; taskId: number }, options?: CrsCallOptions): Promise<TaskProgress>;
  /** The backup's files and their download URLs, or "not ready" while Tencent converts it. */
  backupFiles(
    ref: BackupRef & { restriction?: DownloadRestriction },
    options?: CrsCallOptions,
  ): Promise<BackupFilesAnswer>;
  /** Releases sockets and timers. */
  close(): void;
}
