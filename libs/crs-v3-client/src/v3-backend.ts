// The 3.0 adapter of the backend port: DescribeInstances, DescribeInstanceBackups (paged, windowed, with an
// explicit Status filter), DescribeBackupDetail, ManualBackupInstance, DescribeTaskInfo and DescribeBackupUrl,
// in the domain's words. Every call names its region; 3.0 has no export step (DescribeBackupUrl converts).
import {
  CrsApiError,
  isCrsApiError,
  type BackupDetail,
  type BackupFileLink,
  type BackupFilesAnswer,
  type BackupInfo,
  type BackupRef,
  type CrsBackend,
  type CrsCallOptions,
  type DownloadRestriction,
  type InstanceRef,
  type RedisInstanceInfo,
  type TaskProgress,
} from '@crs-export/contracts';
import { beijingTimeToIso, parseBeijingTime } from './beijing-time';
import {
  DEFAULT_LATEST_LOOKBACK_DAYS,
  DEFAULT_LOOKBACK_DAYS,
  FUTURE_SLACK_MS,
  MAX_WINDOW_MS,
  windowsBack,
  type TimeWindow,
} from './backup-windows';
import type { DescribeBackupUrlRequest, V3Backup, V3Instance } from './v3-actions';
import type { V3Api, V3CallOptions } from './v3-client';
import { v3RegionName } from './v3-endpoint';
import { v3TransportError } from './v3-errors';
import { architectureOf, instanceTypeInfo } from './v3-instance-types';

/** Tencent keeps 3.0 download URLs valid for 6 hours (crs-v3-api.md §1.5; v2: 12). */
export const V3_DOWNLOAD_URL_VALIDITY_MS = 6 * 3600 * 1000;

export interface V3BackendOptions {
  /** Our clock (epoch ms), for the listing windows; default Date.now. */
  now?: () => number;
  /** How far back backups are looked for; default 1825 days, the longest a backup can be kept. */
  lookbackDays?: number;
  /**
   * How far back `latest` looks (default 90 days): an instance without a backup would otherwise cost 61 listing
   * windows per look. An older backup can still be exported by its ID.
   */
  latestLookbackDays?: number;
  /** DescribeInstanceBackups page size, at most 100 (the API's maximum); default 100. */
  pageSize?: number;
}

/** DescribeInstances Status 2 is "running" (§1.1). */
const RUNNING_STATUS = 2;
/** Every backup status (§1.2): without an explicit filter Tencent lists only 2, hiding backups in progress. */
const ANY_BACKUP_STATUS = [1, 2, 3, 4, -1, -2];
/** Backups that can be downloaded: 2 normal, 4 converted to RDB (3 is being converted). */
const DOWNLOADABLE_STATUS = [2, 4];
/** Backups that have ended (1 is in progress, -2 deleted): their EndTime says how long a backup takes. */
const ENDED_STATUS = [2, 3, 4, -1];
/** Expired, deleted: gone for good. */
const GONE_STATUS = new Set([-1, -2]);
/**
 * How much earlier than our `startedAfter` a new backup's StartTime (Tencent's clock) may be. Five minutes:
 * a clock further off than that cannot sign requests Tencent accepts (SignatureExpire) in the first place.
 */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A walk stops here rather than loop forever on paging that never ends. */
const MAX_PAGES = 1000;
const MAX_PAGE_SIZE = 100;
const DAY_MS = 86_400_000;

const BACKUP_STATUS_INVALID = 'ResourceUnavailable.BackupStatusInvalid';
const BACKUP_NOT_EXISTS = 'InvalidParameterValue.BackupNotExists';
const INSTANCE_NOT_EXISTS = 'ResourceNotFound.InstanceNotExists';

/** "0" manual, "1" automatic (§1.2, INFERRED from Tencent's examples); anything else as Tencent wrote it. */
function backupTypeOf(code: string | null): string {
  if (code === '0') return 'manual';
  if (code === '1') return 'auto';
  return code ?? 'unknown';
}

function backupInfoOf(backup: V3Backup): BackupInfo {
  return {
    backupId: backup.BackupId,
    status: backup.Status,
    type: backupTypeOf(backup.BackupType),
    startedAt: beijingTimeToIso(backup.StartTime) ?? backup.StartTime,
    remark: backup.Remark,
    encrypted: backup.Encrypted,
    sizeBytes: backup.BackupSize,
  };
}

/** Epoch ms of a backup's start; a time Tencent wrote in no known way sorts as the oldest. */
function startOf(backup: V3Backup): number {
  return parseBeijingTime(backup.StartTime) ?? Number.NEGATIVE_INFINITY;
}

function newest(backups: V3Backup[]): V3Backup | null {
  return backups.reduce<V3Backup | null>(
    (best, backup) => (!best || startOf(backup) > startOf(best) ? backup : best),
    null,
  );
}

/** "Redis 7.0" from Type; for a Type this table does not know yet, Engine plus the major.minor it runs. */
function engineOf(instance: V3Instance): string | null {
  const known = instanceTypeInfo(instance.Type)?.engine;
  if (known) return known;
  const version = /^(\d+)\.(\d+)/.exec(instance.CurrentRedisVersion ?? '');
  return instance.Engine && version ? `${instance.Engine} ${version[1]}.${version[2]}` : null;
}

function instanceInfoOf(instance: V3Instance): RedisInstanceInfo {
  const architecture = architectureOf(instance);
  return {
    redisId: instance.InstanceId,
    name: instance.InstanceName,
    architecture,
    status: instance.Status,
    running: instance.Status === RUNNING_STATUS,
    engine: engineOf(instance),
    rdbVersion: instanceTypeInfo(instance.Type)?.rdbVersion ?? null,
    shardCount: architecture === 'standard' ? 1 : instance.RedisShardNum,
    tags: Object.fromEntries(instance.InstanceTags.map((tag) => [tag.TagKey, tag.TagValue])),
  };
}

function taskProgressOf(status: string, message: string): TaskProgress {
  switch (status) {
    case 'preparing':
    case 'running':
      return { state: 'pending', tencentStatus: status, message: '' };
    case 'succeed':
      return { state: 'succeeded', tencentStatus: status, message: '' };
    case 'failed':
      return { state: 'failed', tencentStatus: status, message };
    case 'error':
      return { state: 'error', tencentStatus: status, message };
    default:
      // As terraform does: only preparing/running are worth waiting for; anything unknown ends the wait.
      return {
        state: 'error',
        tencentStatus: status,
        message: message || `unknown task status ${JSON.stringify(status)}`,
      };
  }
}

function restrictionParams(restriction: DownloadRestriction | undefined): Partial<DescribeBackupUrlRequest> {
  if (!restriction) return {};
  return {
    LimitType: restriction.limitType,
    VpcComparisonSymbol: restriction.vpcComparisonSymbol,
    IpComparisonSymbol: restriction.ipComparisonSymbol,
    LimitVpc: restriction.limitVpc?.map((vpc) => ({
      Region: v3RegionName(vpc.region) ?? vpc.region,
      VpcList: vpc.vpcList,
    })),
    LimitIp: restriction.limitIp,
  };
}

function hasCode(error: unknown, code: string): error is CrsApiError {
  return isCrsApiError(error) && error.code === code;
}

export function createV3Backend(client: V3Api, options: V3BackendOptions = {}): CrsBackend {
  const now = options.now ?? Date.now;
  const lookbackMs = (options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * DAY_MS;
  const latestLookbackMs = Math.min(lookbackMs, (options.latestLookbackDays ?? DEFAULT_LATEST_LOOKBACK_DAYS) * DAY_MS);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)));
  const call = (region: string, callOptions: CrsCallOptions = {}): V3CallOptions => ({ ...callOptions, region });

  /** Every backup of the instance that started in the window and has one of `statuses`, all pages. */
  async function listWindow(
    ref: InstanceRef,
    window: TimeWindow,
    statuses: number[],
    callOptions?: CrsCallOptions,
  ): Promise<V3Backup[]> {
    const backups: V3Backup[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      // Offset a multiple of Limit, as the API asks: page * Limit.
      const offset = page * pageSize;
      const answer = await client.describeInstanceBackups(
        {
          InstanceId: ref.redisId,
          Limit: pageSize,
          Offset: offset,
          BeginTime: window.BeginTime,
          EndTime: window.EndTime,
          Status: statuses,
        },
        call(ref.region, callOptions),
      );
      backups.push(...answer.BackupSet);
      if (answer.BackupSet.length < pageSize || offset + answer.BackupSet.length >= answer.TotalCount) return backups;
    }
    throw v3TransportError(
      'invalid-response',
      'InvalidResponse',
      'DescribeInstanceBackups',
      `paging did not end after ${MAX_PAGES} pages`,
    );
  }

  /** The windows from `oldestMs` (default: the lookback bound) up to a day past now, newest first. */
  function windowsFrom(oldestMs?: number): TimeWindow[] {
    const current = now();
    return windowsBack(Math.max(oldestMs ?? Number.NEGATIVE_INFINITY, current - lookbackMs), current + FUTURE_SLACK_MS);
  }

  /** The listing's entry of a backup, searched in the given windows, newest first. */
  async function listedBackup(
    ref: BackupRef,
    windows: TimeWindow[],
    callOptions?: CrsCallOptions,
  ): Promise<V3Backup | null> {
    for (const window of windows) {
      const found = (await listWindow(ref, window, ANY_BACKUP_STATUS, callOptions)).find(
        (backup) => backup.BackupId === ref.backupId,
      );
      if (found) return found;
    }
    return null;
  }

  /** Why DescribeBackupUrl refused: still converting (not ready), or gone for good (the refusal, final). */
  async function notReadyOrGone(
    ref: BackupRef,
    refusal: CrsApiError,
    callOptions?: CrsCallOptions,
  ): Promise<BackupFilesAnswer> {
    let status: number | null = null;
    try {
      status = (
        await client.describeBackupDetail(
          { InstanceId: ref.redisId, BackupId: ref.backupId },
          call(ref.region, callOptions),
        )
      ).Status;
    } catch (error) {
      if (hasCode(error, BACKUP_NOT_EXISTS)) throw error;
      // The look did not work out: the refusal itself says "try again later".
    }
    if (status !== null && GONE_STATUS.has(status)) {
      // BackupStatusInvalid is a "wait" code because it usually means converting; for an expired or deleted
      // backup no wait helps, so this one is final.
      throw new CrsApiError({
        kind: 'api',
        action: refusal.action,
        code: refusal.code,
        codeName: refusal.codeName,
        retryable: false,
        detail: `${refusal.detail} (the backup is ${status === -1 ? 'expired' : 'deleted'}: status ${status})`,
        apiVersion: 3,
        requestId: refusal.requestId,
      });
    }
    const why =
      status === 1
        ? 'the backup is still in progress or locked by another flow (status 1)'
        : status === 3
          ? 'Tencent is converting the backup to RDB files (status 3)'
          : `Tencent is preparing the backup's RDB files${status === null ? '' : ` (status ${status})`}`;
    return { ready: false, reason: `${why}: ${refusal.code}` };
  }

  return {
    apiVersion: 3,
    urlValidityMs: V3_DOWNLOAD_URL_VALIDITY_MS,
    exportsStandardInstances: true,
    needsExportStep: false,

    async findInstance(ref, callOptions) {
      let instances: V3Instance[];
      try {
        ({ InstanceSet: instances } = await client.describeInstances(
          { InstanceId: ref.redisId, Limit: 20, Offset: 0 },
          call(ref.region, callOptions),
        ));
      } catch (error) {
        if (hasCode(error, INSTANCE_NOT_EXISTS)) return null;
        throw error;
      }
      const instance = instances.find((candidate) => candidate.InstanceId === ref.redisId);
      return instance ? instanceInfoOf(instance) : null;
    },

    async listInstances(region, callOptions) {
      const limit = 1000;
      const found: RedisInstanceInfo[] = [];
      for (let offset = 0; ; offset += limit) {
        const page = await client.describeInstances({ Limit: limit, Offset: offset }, call(region, callOptions));
        found.push(...page.InstanceSet.map(instanceInfoOf));
        // A short page, or TotalCount reached: the walk ends (a TotalCount that changes mid-walk cannot loop it).
        if (page.InstanceSet.length < limit || found.length >= page.TotalCount) return found;
      }
    },

    async findBackup(ref, callOptions) {
      // DescribeBackupDetail says at once whether the backup exists and when it started, so the listing is
      // asked about one window instead of walking years of them.
      let startMs: number | null = null;
      try {
        const detail = await client.describeBackupDetail(
          { InstanceId: ref.redisId, BackupId: ref.backupId },
          call(ref.region, callOptions),
        );
        startMs = detail.StartTime === null ? null : parseBeijingTime(detail.StartTime);
      } catch (error) {
        if (hasCode(error, BACKUP_NOT_EXISTS)) return null;
        // Retryable failures and a missing instance are answers; a refusal of this one action (no CAM
        // permission for it, say) only costs the shortcut.
        if (!isCrsApiError(error) || error.retryable || error.code === INSTANCE_NOT_EXISTS || error.kind !== 'api') {
          throw error;
        }
      }
      const near = startMs === null ? [] : windowsBack(startMs - DAY_MS, startMs + DAY_MS);
      const found =
        (await listedBackup(ref, near, callOptions)) ?? (await listedBackup(ref, windowsFrom(), callOptions));
      return found ? backupInfoOf(found) : null;
    },

    async latestBackup(ref, callOptions) {
      // Windows are newest first, so the first one with a downloadable backup holds the newest.
      for (const window of windowsFrom(now() - latestLookbackMs)) {
        const best = newest(await listWindow(ref, window, DOWNLOADABLE_STATUS, callOptions));
        if (best) return backupInfoOf(best);
      }
      return null;
    },

    async recentBackups(ref, callOptions) {
      // One call: the newest window (30 days up to a day past now), one page, ended backups only.
      const newestMs = now() + FUTURE_SLACK_MS;
      const [window] = windowsBack(newestMs - MAX_WINDOW_MS, newestMs);
      if (!window) return [];
      const answer = await client.describeInstanceBackups(
        {
          InstanceId: ref.redisId,
          Limit: pageSize,
          Offset: 0,
          BeginTime: window.BeginTime,
          EndTime: window.EndTime,
          Status: ENDED_STATUS,
        },
        call(ref.region, callOptions),
      );
      return answer.BackupSet.map((backup) => ({
        ...backupInfoOf(backup),
        endedAt: backup.EndTime === null ? null : beijingTimeToIso(backup.EndTime),
      }));
    },

    async backupDetail(ref, callOptions): Promise<BackupDetail> {
      const detail = await client.describeBackupDetail(
        { InstanceId: ref.redisId, BackupId: ref.backupId },
        call(ref.region, callOptions),
      );
      return {
        backupId: detail.BackupId || ref.backupId,
        shardCount: detail.ShardNum,
        encrypted: detail.Encrypted,
        sizeBytes: detail.BackupSize,
      };
    },

    async createBackup(ref, request, callOptions) {
      const { TaskId } = await client.manualBackupInstance(
        { InstanceId: ref.redisId, Remark: request.remark, StorageDays: request.storageDays },
        call(ref.region, callOptions),
      );
      return { taskId: TaskId };
    },

    async findCreatedBackup(ref, created, callOptions) {
      const after = Date.parse(created.startedAfter);
      if (Number.isNaN(after)) {
        throw v3TransportError(
          'request',
          'RequestError',
          'DescribeInstanceBackups',
          `startedAfter is not an ISO time: ${JSON.stringify(created.startedAfter)}`,
        );
      }
      const earliest = after - CLOCK_SKEW_MS;
      for (const window of windowsFrom(earliest)) {
        // Any status: a new backup is listed as 1 (in progress), which the default filter hides.
        const matches = (await listWindow(ref, window, ANY_BACKUP_STATUS, callOptions)).filter(
          (backup) => backup.Remark === created.remark && startOf(backup) >= earliest,
        );
        // The remark is the caller's own and picks the backup; BackupType's mapping is inferred (§1.2), so
        // "manual" only breaks ties instead of filtering.
        const manual = matches.filter((backup) => backup.BackupType === '0');
        const best = newest(manual.length > 0 ? manual : matches);
        if (best) return backupInfoOf(best);
      }
      return null;
    },

    async startBackupExport(ref) {
      throw v3TransportError(
        'request',
        'RequestError',
        'StartBackupExport',
        `API 3.0 has no export step (needsExportStep is false): DescribeBackupUrl converts backup ${ref.backupId} itself`,
      );
    },

    async describeTask(ref, callOptions) {
      const info = await client.describeTaskInfo({ TaskId: ref.taskId }, call(ref.region, callOptions));
      return taskProgressOf(info.Status, info.TaskMessage);
    },

    async backupFiles(ref, callOptions): Promise<BackupFilesAnswer> {
      let answer;
      try {
        answer = await client.describeBackupUrl(
          { InstanceId: ref.redisId, BackupId: ref.backupId, ...restrictionParams(ref.restriction) },
          call(ref.region, callOptions),
        );
      } catch (error) {
        if (hasCode(error, BACKUP_STATUS_INVALID)) return notReadyOrGone(ref, error, callOptions);
        throw error;
      }
      const infos = answer.BackupInfos;
      if (infos.length === 0) {
        return { ready: false, reason: 'Tencent lists no files for the backup yet (converting to RDB files)' };
      }
      if (infos.some((info) => info.FileSize === 0)) {
        return { ready: false, reason: 'Tencent gives a FileSize of 0 (the RDB files are still being written)' };
      }
      // One file per entry, in Tencent's order; whether there is one per shard is the caller's check.
      const files: BackupFileLink[] = infos.map((info, index) => ({
        shard: index + 1,
        name: info.FileName || `${ref.redisId}-${ref.backupId}-${index + 1}.rdb`,
        sizeBytes: info.FileSize,
        intranetUrl: info.InnerDownloadUrl,
        extranetUrl: info.DownloadUrl,
      }));
      return { ready: true, files };
    },

    close() {
      client.close();
    },
  };
}
