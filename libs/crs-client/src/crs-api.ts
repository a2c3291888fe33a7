// The CRS v2 actions the product uses, as typed calls. CrsClient implements it over HTTP.
import type { CrsCallOptions } from '@crs-export/contracts';

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
export interface V2CallOptions extends CrsCallOptions {
  /** The v2 `Region` common parameter of this call; default the client's region. */
  region?: string;
}

export interface CrsApi {
  describeRedis(params: DescribeRedisParams, options?: V2CallOptions): Promise<DescribeRedisResult>;
  getRedisBackupList(params: GetRedisBackupListParams, options?: V2CallOptions): Promise<GetRedisBackupListResult>;
  /** Walks every page of GetRedisBackupList. */
  listAllRedisBackups(
    params: Omit<GetRedisBackupListParams, 'limit' | 'offset'>,
    options?: V2CallOptions,
  ): Promise<RedisBackup[]>;
  exportRedisBackup(params: { redisId: string; backupId: string }, options?: V2CallOptions): Promise<TaskRef>;
  describeTaskInfo(params: { requestId: number }, options?: V2CallOptions): Promise<TaskInfo>;
  getBackupDownloadUrl(
    params: { redisId: string; backupId: string },
    options?: V2CallOptions,
  ): Promise<BackupDownloadUrls>;
  manualBackupInstance(params: { redisId: string; remark?: string }, options?: V2CallOptions): Promise<TaskRef>;
}
