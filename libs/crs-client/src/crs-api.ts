// The CRS v2 actions the product uses, as typed calls. CrsClient implements it over HTTP.
export type SignatureMethod = 'HmacSHA256' | 'HmacSHA1';
export type HttpMethod = 'GET' | 'POST';

/** DescribeRedis typeId: 1 cluster, 2 master-replica (formerly "standalone"). */
export const CLUSTER_TYPE_ID = 1;

export interface RedisInstance {
  redisId: string;
  redisName: string;
  regionId: number;
  typeId: number;
  status: number;
  [field: string]: unknown;
}

export interface DescribeRedisParams {
  limit?: number;
  offset?: number;
  redisId?: string;
  redisName?: string;
}

export interface DescribeRedisResult {
  totalCount: number;
  redisSet: RedisInstance[];
}

/** A backup: status 1 locked, 2 normal, -1 expired, 3 exporting, 4 exported. */
export interface RedisBackup {
  backupId: string;
  startTime: string;
  backupType: string;
  status: number;
  remark: string;
  locked: number;
}

export interface GetRedisBackupListParams {
  redisId: string;
  limit?: number;
  offset?: number;
  beginTime?: string;
  endTime?: string;
}

export interface GetRedisBackupListResult {
  totalCount: number;
  redisBackupSet: RedisBackup[];
}

export interface TaskRef {
  /** `data.requestId`: the task id to poll with DescribeTaskInfo. */
  requestId: number;
}

/** DescribeTaskInfo status: 0 queued, 1 running, 2 succeeded, 3 failed, -1 error. */
export interface TaskInfo {
  status: number;
}

export interface BackupDownloadUrls {
  intranet: string;
  extranet: string;
}

/** Per-call options; every method accepts them as an optional second argument. */
export interface CrsCallOptions {
  /** Aborts the call (e.g. Temporal's activity cancellation signal); it then fails with code 'Aborted'. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export interface CrsApi {
  /** The same client for another region (the v2 `Region` common parameter). */
  withRegion(region: string): CrsApi;
  describeRedis(params: DescribeRedisParams, options?: CrsCallOptions): Promise<DescribeRedisResult>;
  getRedisBackupList(params: GetRedisBackupListParams, options?: CrsCallOptions): Promise<GetRedisBackupListResult>;
  /** Walks every page of GetRedisBackupList. */
  listAllRedisBackups(
    params: Omit<GetRedisBackupListParams, 'limit' | 'offset'>,
    options?: CrsCallOptions,
  ): Promise<RedisBackup[]>;
  exportRedisBackup(params: { redisId: string; backupId: string }, options?: CrsCallOptions): Promise<TaskRef>;
  describeTaskInfo(params: { requestId: number }, options?: CrsCallOptions): Promise<TaskInfo>;
  getBackupDownloadUrl(
    params: { redisId: string; backupId: string },
    options?: CrsCallOptions,
  ): Promise<BackupDownloadUrls>;
  manualBackupInstance(params: { redisId: string; remark?: string }, options?: CrsCallOptions): Promise<TaskRef>;
}
