// The export's activities, built by a factory against the backend port, so that credentials stay in the
// worker process and the activities never know which Tencent API generation runs.
import { Context, log } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';
import {
  isCrsApiError,
  VALIDATION_FAILURE_CODES,
  type BackupRef,
  type CrsBackend,
  type CrsCallOptions,
  type DownloadUrls,
  type ExportTarget,
} from '@crs-export/contracts';
import { asActivity, toActivityFailure } from './activity-failure';
import type { ExportTaskStart, FinishedWait, TaskPollTarget, ValidatedBackup } from './activity-types';
import { exportableStatusOf, findExistingBackup, findExportableInstance } from './backup-lookup';
import { pollBackupOnce, pollTaskOnce } from './export-polls';

export interface ExportActivityDeps {
  backend: CrsBackend;
  /** Clock for the URL expiry; tests pass a fixed one. */
  now?: () => Date;
  /** Defaults to the activity context logger (the Runtime logger, with workflow and activity ids). */
  logger?: Logger;
}

export function createExportActivities(deps: ExportActivityDeps) {
  const { backend } = deps;
  const now = deps.now ?? (() => new Date());
  const logger = (): Logger => deps.logger ?? log;
  const attempt = (): number => Context.current().info.attempt;
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

  /** The refusal Tencent gives a second export of a backup (v2 10711): the backup status says what happened. */
  const isBackupStatusRefusal = (error: unknown): boolean => {
    const { v2, v3 } = VALIDATION_FAILURE_CODES.backupStatusInvalid;
    return isCrsApiError(error) && (error.code === v2 || error.code === v3 || Number(error.code) === v2);
  };

  return {
    /** Step 1: the instance can be exported in the region, and the backup exists with an exportable status. */
    async validateExport(target: ExportTarget): Promise<ValidatedBackup> {
      return asActivity(async () => {
        await findExportableInstance(backend, target, callOptions());
        return { backupStatus: exportableStatusOf(backend, await findExistingBackup(backend, target, callOptions())) };
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

    /** Step 3, one poll of the task; the retry policy schedules the next one. */
    async pollExportTask(target: TaskPollTarget): Promise<FinishedWait> {
      return asActivity(() => pollTaskOnce(backend, target, attempt(), callOptions()));
    },

    /** Step 3 without a task id: one poll of the backup status until it is 4 (exported). */
    async pollBackupExport(target: ExportTarget): Promise<FinishedWait> {
      return asActivity(() => pollBackupOnce(backend, target, attempt(), callOptions()));
    },

    /** Step 4: the download URLs, with the instant they stop working. */
    async fetchDownloadUrls(target: ExportTarget): Promise<DownloadUrls> {
      return asActivity(async () => {
        const answer = await backend.backupFiles(target, callOptions());
        if (!answer.ready) throw new Error(`the backup is not downloadable yet: ${answer.reason}`);
        const [file] = answer.files;
        if (!file) throw new Error('Tencent listed no file for the backup');
        const expiresAt = new Date(now().getTime() + backend.urlValidityMs).toISOString();
        return { intranet: file.intranetUrl, extranet: file.extranetUrl, expiresAt };
      });
    },
  };
}

export type ExportActivities = ReturnType<typeof createExportActivities>;
