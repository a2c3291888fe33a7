// The v2 adapter of the backend port: DescribeRedis, GetRedisBackupList, ExportRedisBackup,
// DescribeTaskInfo and GetBackupDownloadUrl, in the domain's words. Every call names its region.
import type {
  BackupFilesAnswer,
  BackupInfo,
  BackupRef,
  CrsBackend,
  CrsCallOptions,
  InstanceRef,
  RedisInstanceInfo,
  TaskProgress,
} from '@crs-export/contracts';
import { CLUSTER_TYPE_ID, type CrsApi, type RedisBackup, type RedisInstance } from './crs-api';

/** Tencent keeps v2 download URLs valid for 12 hours (reference §7.5). */
export const V2_DOWNLOAD_URL_VALIDITY_MS = 12 * 60 * 60 * 1000;

/** DescribeRedis status 2 is "running" (reference §7.1). */
const RUNNING_STATUS = 2;

/** DescribeTaskInfo statuses (reference §7.6): 0 queued, 1 running, 2 succeeded, 3 failed, -1 error. */
function taskProgressOf(status: number): TaskProgress {
  const state = status === 2 ? 'succeeded' : status === 3 ? 'failed' : status === -1 ? 'error' : 'pending';
  return { state, tencentStatus: status, message: '' };
}

function instanceInfoOf(instance: RedisInstance): RedisInstanceInfo {
  return {
    redisId: instance.redisId,
    name: instance.redisName,
    architecture: instance.typeId === CLUSTER_TYPE_ID ? 'cluster' : 'standard',
    status: instance.status,
    running: instance.status === RUNNING_STATUS,
    engine: null,
    rdbVersion: null,
    shardCount: null,
    tags: {},
  };
}

/** v2 backup times are Beijing time without a zone ("2026-11-28 03:00:00"). */
export function beijingTimeToIso(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text.trim());
  return match ? new Date(`${match[1]}T${match[2]}+08:00`).toISOString() : text;
}

function backupInfoOf(backup: RedisBackup): BackupInfo {
  return {
    backupId: backup.backupId,
    status: backup.status,
    type: /manual/i.test(backup.backupType) ? 'manual' : backup.backupType || 'auto',
    startedAt: beijingTimeToIso(backup.startTime),
    remark: backup.remark,
    encrypted: null,
    sizeBytes: null,
  };
}

/** Backups that can be downloaded: 2 normal, 4 exported (3 is being exported). */
const DOWNLOADABLE_STATUSES = new Set([2, 4]);

function newestFirst(a: BackupInfo, b: BackupInfo): number {
  return b.startedAt.localeCompare(a.startedAt);
}

export function createV2Backend(crs: CrsApi & { close?(): void }): CrsBackend {
  const call = (ref: InstanceRef, options: CrsCallOptions = {}) => ({ ...options, region: ref.region });
  return {
    apiVersion: 2,
    urlValidityMs: V2_DOWNLOAD_URL_VALIDITY_MS,
    exportsStandardInstances: false,
    needsExportStep: true,

    async findInstance(ref, options) {
      const { redisSet } = await crs.describeRedis({ redisId: ref.redisId, limit: 20, offset: 0 }, call(ref, options));
      const instance = redisSet.find((candidate) => candidate.redisId === ref.redisId);
      return instance ? instanceInfoOf(instance) : null;
    },

    async listInstances(region, options) {
      const limit = 20;
      const found: RedisInstanceInfo[] = [];
      for (let offset = 0; ; offset += limit) {
        const page = await crs.describeRedis({ limit, offset }, { ...options, region });
        found.push(...page.redisSet.map(instanceInfoOf));
        if (page.redisSet.length < limit || found.length >= page.totalCount) return found;
      }
    },

    async findBackup(ref: BackupRef, options) {
      const backups = await crs.listAllRedisBackups({ redisId: ref.redisId }, call(ref, options));
      const backup = backups.find((candidate) => candidate.backupId === ref.backupId);
      return backup ? backupInfoOf(backup) : null;
    },

    async latestBackup(ref, options) {
      const backups = await crs.listAllRedisBackups({ redisId: ref.redisId }, call(ref, options));
      const downloadable = backups.map(backupInfoOf).filter((backup) => DOWNLOADABLE_STATUSES.has(backup.status));
      return downloadable.sort(newestFirst)[0] ?? null;
    },

    async backupDetail(ref) {
      // v2 has no detail call: a cluster backup's files are whatever GetBackupDownloadUrl gives (one).
      return { backupId: ref.backupId, shardCount: null, encrypted: null, sizeBytes: null };
    },

    async createBackup(ref, request, options) {
      const { requestId } = await crs.manualBackupInstance(
        { redisId: ref.redisId, remark: request.remark },
        call(ref, options),
      );
      return { taskId: requestId };
    },

    async findCreatedBackup(ref, created, options) {
      const backups = await crs.listAllRedisBackups({ redisId: ref.redisId }, call(ref, options));
      const candidates = backups
        .map(backupInfoOf)
        .filter((backup) => backup.remark === created.remark && backup.startedAt >= created.startedAfter);
      return candidates.sort(newestFirst)[0] ?? null;
    },

    async startBackupExport(ref, options) {
      const { requestId } = await crs.exportRedisBackup(
        { redisId: ref.redisId, backupId: ref.backupId },
        call(ref, options),
      );
      return { taskId: requestId };
    },

    async describeTask(ref, options) {
      const { status } = await crs.describeTaskInfo({ requestId: ref.taskId }, { ...options, region: ref.region });
      return taskProgressOf(status);
    },

    async backupFiles(ref, options): Promise<BackupFilesAnswer> {
      const urls = await crs.getBackupDownloadUrl({ redisId: ref.redisId, backupId: ref.backupId }, call(ref, options));
      // v2 hands back one file and names no size: the archive step reads it from the download itself.
      const name = `${ref.redisId}-${ref.backupId}.rdb`;
      const file = { shard: 1, name, sizeBytes: null, intranetUrl: urls.intranet, extranetUrl: urls.extranet };
      return { ready: true, files: [file] };
    },

    close() {
      crs.close?.();
    },
  };
}
