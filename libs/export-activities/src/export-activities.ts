// The export's activities, built by a factory against the backend port, so that credentials stay in the
// worker process and the activities never know which Tencent API generation runs.
import { Context, log } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';
import {
  DEFAULT_POLLING_POLICY,
  expectedBackupDurationMs,
  exportFailure,
  isBackupSelector,
  isCrsApiError,
  ownExportError,
  VALIDATION_FAILURE_CODES,
  type BackupInfo,
  type BackupRef,
  type CrsBackend,
  type CrsCallOptions,
  type ExportBackup,
  type ExportTarget,
  type InstanceRef,
  type InstanceSelector,
  type PollPacing,
} from '@crs-export/contracts';
import { asActivity, pendingFailure, toActivityFailure, validationFailure } from './activity-failure';
import type {
  BackupFiles,
  BackupFilesRequest,
  CreatedBackupLookup,
  ExportTaskStart,
  FinishedWait,
  InstanceFacts,
  NewBackupRequest,
  NewBackupTask,
  TaskPollTarget,
  ValidatedExport,
} from './activity-types';
import { exportableStatusOf, findExistingBackup, findExportableInstance } from './backup-lookup';
import { callsRecorded, pollBackupOnce, pollTaskOnce } from './export-polls';
import { selectInstances } from './instance-selection';

export interface ExportActivityDeps {
  backend: CrsBackend;
  /** Clock for the URL expiry; tests pass a fixed one. */
  now?: () => Date;
  /** Defaults to the activity context logger (the Runtime logger, with workflow and activity ids). */
  logger?: Logger;
}

/** Tencent's clock and ours may differ: a new backup's start time is looked for from this long before the call. */
const NEW_BACKUP_CLOCK_MARGIN_MS = 10 * 60 * 1000;
/** Tencent keeps remarks short; ours carries the export ID, which is what finds the backup again. */
const MAX_REMARK_CHARS = 120;

function exportBackupOf(
  backup: BackupInfo,
  instance: InstanceFacts,
  shardCount: number | null,
  encrypted: boolean | null,
): ExportBackup {
  return {
    backupId: backup.backupId,
    type: backup.type,
    startedAt: backup.startedAt,
    engine: instance.engine,
    rdbVersion: instance.rdbVersion,
    shardCount: shardCount ?? instance.shardCount,
    encrypted: encrypted ?? backup.encrypted,
  };
}

function instanceFactsOf(instance: InstanceFacts): InstanceFacts {
  return { engine: instance.engine, rdbVersion: instance.rdbVersion, shardCount: instance.shardCount };
}

export function createExportActivities(deps: ExportActivityDeps) {
  const { backend } = deps;
  const now = deps.now ?? (() => new Date());
  const logger = (): Logger => deps.logger ?? log;
  const attempt = (): number => Context.current().info.attempt;
  /** The poll activity's own retry policy (what the workflow asked for), or the default where it is not known. */
  const pacing = (): PollPacing => {
    const policy = Context.current().info.retryPolicy;
    const ms = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
    return {
      initialIntervalMs: ms(policy?.initialInterval, DEFAULT_POLLING_POLICY.initialIntervalMs),
      maximumIntervalMs: ms(policy?.maximumInterval, DEFAULT_POLLING_POLICY.maximumIntervalMs),
    };
  };
  /** The activity's cancellation reaches the call in flight. */
  const callOptions = (): CrsCallOptions => ({ signal: Context.current().cancellationSignal });

  /** A backup in 3 or 4 was exported already: carry on from it instead of exporting again. */
  const alreadyExported = async (ref: BackupRef): Promise<ExportTaskStart | null> => {
    const status = exportableStatusOf(backend, await findExistingBackup(backend, ref, callOptions()));
    if (status === 2) return null;
    logger().info('backup already being exported or exported; carrying on without a new export', {
      redisId: ref.redisId,
      backupId: ref.backupId,
      backupStatus: status,
    });
    return { taskId: null, backupStatus: status };
  };

  const instanceAction = (): string => (backend.apiVersion === 2 ? 'DescribeRedis' : 'DescribeInstances');
  const filesAction = (): string => (backend.apiVersion === 2 ? 'GetBackupDownloadUrl' : 'DescribeBackupUrl');

  const latestBackupOf = async (target: ExportTarget): Promise<BackupInfo> => {
    const backup = await backend.latestBackup(target, callOptions());
    if (backup) return backup;
    const message = `instance ${target.redisId} has no backup that can be downloaded`;
    const action = backend.apiVersion === 2 ? 'GetRedisBackupList' : 'DescribeInstanceBackups';
    throw validationFailure('backupNotFound', backend.apiVersion, message, action);
  };

  /**
   * How long a new backup of the instance should take, from its recent backups; null when it has none, when the
   * API gives no end times, or when the listing fails (an estimate is never worth failing an export for).
   */
  const expectedNewBackupMs = async (ref: InstanceRef): Promise<number | null> => {
    if (!backend.recentBackups) return null;
    try {
      return expectedBackupDurationMs(await backend.recentBackups(ref, callOptions()));
    } catch (error) {
      if (Context.current().cancellationSignal.aborted) throw error;
      logger().warn('recent backups not read; the backup task is polled without an estimate', {
        redisId: ref.redisId,
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  };

  /** The refusal Tencent gives a second export of a backup (v2 10711): the backup status says what happened. */
  const isBackupStatusRefusal = (error: unknown): boolean => {
    const { v2, v3 } = VALIDATION_FAILURE_CODES.backupStatusInvalid;
    return isCrsApiError(error) && (error.code === v2 || error.code === v3 || Number(error.code) === v2);
  };

  return {
    /**
     * A batch's first step: the instances its selector names (a list as given, or the region's instances,
     * all pages, filtered by architecture, name and tags), sorted.
     */
    async resolveBatchInstances(selector: InstanceSelector): Promise<string[]> {
      return asActivity(async () =>
        'redisIds' in selector
          ? selectInstances(selector, [])
          : selectInstances(selector, await backend.listInstances(selector.region, callOptions())),
      );
    },

    /**
     * Step 1: the instance can be exported in the region, and the backup (the given one, or the newest that can
     * be downloaded for `latest`) exists with an exportable status; for `new`, the instance only.
     */
    async validateExport(target: ExportTarget): Promise<ValidatedExport> {
      return asActivity(async () => {
        const instance = await findExportableInstance(backend, target, callOptions());
        if (!instance.running) {
          const message = `instance ${target.redisId} is not running (status ${instance.status}); its backups cannot be exported now`;
          throw validationFailure('instanceNotRunning', backend.apiVersion, message, instanceAction());
        }
        const base = { needsExportStep: backend.needsExportStep };
        if (target.backupId === 'new') {
          return { ...base, backupStatus: null, backup: null, instance: instanceFactsOf(instance) };
        }
        const backup = isBackupSelector(target.backupId)
          ? await latestBackupOf(target)
          : await findExistingBackup(backend, target, callOptions());
        const backupStatus = exportableStatusOf(backend, backup);
        const detail = await backend.backupDetail({ ...target, backupId: backup.backupId }, callOptions());
        return { ...base, backupStatus, backup: exportBackupOf(backup, instance, detail.shardCount, detail.encrypted) };
      });
    },

    /**
     * Step 1b for `new`: ManualBackupInstance; Tencent answers with a task, and names no backup. First the
     * instance's recent backups: how long this one should take (the polls wait for that instead of backing off).
     */
    async createBackup(request: NewBackupRequest): Promise<NewBackupTask> {
      return asActivity(async () => {
        const remark = `${request.remark ? `${request.remark} ` : ''}${request.exportId}`.slice(-MAX_REMARK_CHARS);
        const startedAfter = new Date(now().getTime() - NEW_BACKUP_CLOCK_MARGIN_MS).toISOString();
        const expectedDurationMs = await expectedNewBackupMs(request);
        const { taskId } = await backend.createBackup(
          request,
          { remark, ...(request.storageDays === undefined ? {} : { storageDays: request.storageDays }) },
          callOptions(),
        );
        const taskStartedAt = now().toISOString();
        logger().info('backup task started', { redisId: request.redisId, taskId, expectedDurationMs });
        return {
          taskId,
          remark,
          startedAfter,
          ...(request.instance ? { instance: instanceFactsOf(request.instance) } : {}),
          expectedDurationMs,
          taskStartedAt,
        };
      });
    },

    /** Step 1c for `new`: the backup the finished task made, polled until Tencent lists it. */
    async findCreatedBackup(lookup: CreatedBackupLookup): Promise<ExportBackup> {
      return asActivity(async () => {
        const backup = await backend.findCreatedBackup(lookup, lookup, callOptions());
        if (!backup) {
          throw pendingFailure(`the backup made by task ${lookup.taskId}`, {
            polls: attempt(),
            taskStatus: null,
            backupStatus: null,
          });
        }
        // Validation read the instance already; histories from before it was handed on read it again.
        const instance = lookup.instance ?? (await findExportableInstance(backend, lookup, callOptions()));
        const detail = await backend.backupDetail({ ...lookup, backupId: backup.backupId }, callOptions());
        return exportBackupOf(backup, instance, detail.shardCount, detail.encrypted);
      });
    },

    /**
     * Step 2: the export call, at most once per backup. A retry (its earlier attempt's answer may have been
     * lost after Tencent accepted it) reads the backup status first; a refusal is checked the same way.
     */
    async startExportTask(target: ExportTarget): Promise<ExportTaskStart> {
      return asActivity(async () => {
        if (attempt() > 1) {
          const carriedOn = await alreadyExported(target);
          if (carriedOn) return carriedOn;
        }
        try {
          const { taskId } = await backend.startBackupExport(target, callOptions());
          logger().info('export task started', { redisId: target.redisId, backupId: target.backupId, taskId });
          return { taskId, backupStatus: null };
        } catch (error) {
          if (!isBackupStatusRefusal(error)) throw toActivityFailure(error);
          const carriedOn = await alreadyExported(target);
          if (carriedOn) return carriedOn;
          throw toActivityFailure(error);
        }
      });
    },

    /**
     * Step 3, one poll of the task; the retry policy schedules the next one, or, when the task's duration is
     * expected (predictive polling), the poll itself: no call before the estimate, then often enough.
     */
    async pollExportTask(target: TaskPollTarget): Promise<FinishedWait> {
      return asActivity(() => {
        const info = Context.current().info;
        return pollTaskOnce(
          backend,
          target,
          {
            attempt: info.attempt,
            callsBefore: callsRecorded(info.heartbeatDetails),
            nowMs: now().getTime(),
            pacing: pacing(),
            recordCalls: (calls) => Context.current().heartbeat(calls),
          },
          callOptions(),
        );
      });
    },

    /** Step 3 without a task id: one poll of the backup status until it is 4 (exported). */
    async pollBackupExport(target: ExportTarget): Promise<FinishedWait> {
      return asActivity(() => pollBackupOnce(backend, target, attempt(), callOptions()));
    },

    /**
     * Step 4: the backup's files with their download URLs and the instant they stop working. While Tencent
     * still converts the backup this is "not finished yet", so the poll schedule asks again without a history
     * event; fewer files than shards fails the export.
     */
    async fetchDownloadUrls(request: BackupFilesRequest): Promise<BackupFiles> {
      return asActivity(async () => {
        const { expectedFiles, restriction, ...target } = request;
        const answer = await backend.backupFiles({ ...target, ...(restriction ? { restriction } : {}) }, callOptions());
        if (!answer.ready) {
          throw pendingFailure(`the conversion of backup ${target.backupId} (${answer.reason})`, {
            polls: attempt(),
            taskStatus: null,
            backupStatus: null,
          });
        }
        const wanted = expectedFiles ?? 1;
        if (answer.files.length < wanted) {
          const message = `Tencent listed ${answer.files.length} file(s) for backup ${target.backupId}, but the backup has ${wanted} shard(s): one file per shard is needed`;
          throw exportFailure(ownExportError('ExportFilesMissing', message, { action: filesAction() }));
        }
        const expiresAt = new Date(now().getTime() + backend.urlValidityMs).toISOString();
        return { files: answer.files.map((file) => ({ ...file, expiresAt })) };
      });
    },
  };
}

export type ExportActivities = ReturnType<typeof createExportActivities>;
