// The CRS activities of an export, built from a CrsApi so that credentials stay in the worker process.
import { Context, log } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';
import type { DownloadUrls } from '@crs-export/contracts';
import type { CrsApi } from '@crs-export/crs-client';
import type { ExportTarget, FinishedWait, StartedExport, TaskPollTarget, ValidatedBackup } from './activity-types';
import { exportableStatusOf, findBackup, findClusterInstance } from './backup-lookup';
import { asActivityFailure, crsCodeOf, isCrsApiError } from './crs-failure';
import { pollBackupOnce, pollTaskOnce } from './export-polls';

/** Tencent keeps download URLs valid for 12 hours (reference §7.5). */
export const DOWNLOAD_URL_VALIDITY_MS = 12 * 60 * 60 * 1000;

export interface ExportActivityDeps {
  crs: CrsApi;
  /** Clock for the URL expiry; tests pass a fixed one. */
  now?: () => Date;
  /** Defaults to the activity context logger (the Runtime logger, with workflow and activity ids). */
  logger?: Logger;
}

export function createExportActivities(deps: ExportActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const logger = (): Logger => deps.logger ?? log;
  const crsIn = (region: string): CrsApi => deps.crs.withRegion(region);
  const attempt = (): number => Context.current().info.attempt;

  /** A backup in 3 or 4 was exported already: carry on from it instead of exporting again. */
  const alreadyExported = async (crs: CrsApi, target: ExportTarget): Promise<StartedExport | null> => {
    const status = await callCrs(async () => exportableStatusOf(await findBackup(crs, target)));
    if (status === 2) return null;
    logger().info('backup already being exported or exported; carrying on without a new export', {
      redisId: target.redisId,
      backupId: target.backupId,
      backupStatus: status,
    });
    return { taskId: null, backupStatus: status };
  };

  return {
    /** Step 1: the instance is a cluster instance in the region, and the backup exists with an exportable status. */
    async validateExport(target: ExportTarget): Promise<ValidatedBackup> {
      return callCrs(async () => {
        const crs = crsIn(target.region);
        await findClusterInstance(crs, target);
        return { backupStatus: exportableStatusOf(await findBackup(crs, target)) };
      });
    },

    /**
     * Step 2: ExportRedisBackup, at most once per backup. A retry (its earlier attempt's answer may have been
     * lost after Tencent accepted it) reads the backup status first; a 10711 answer is checked the same way.
     */
    async startExportTask(target: ExportTarget): Promise<StartedExport> {
      const crs = crsIn(target.region);
      if (attempt() > 1) {
        const carriedOn = await alreadyExported(crs, target);
        if (carriedOn) return carriedOn;
      }
      try {
        const { requestId } = await crs.exportRedisBackup({ redisId: target.redisId, backupId: target.backupId });
        logger().info('export task started', { redisId: target.redisId, backupId: target.backupId, taskId: requestId });
        return { taskId: requestId, backupStatus: null };
      } catch (error) {
        if (!isCrsApiError(error) || Number(crsCodeOf(error)) !== 10711) throw asActivityFailure(error);
        const carriedOn = await alreadyExported(crs, target);
        if (carriedOn) return carriedOn;
        throw asActivityFailure(error);
      }
    },

    /** Step 3, one poll of DescribeTaskInfo; the retry policy schedules the next one. */
    async pollExportTask(target: TaskPollTarget): Promise<FinishedWait> {
      return callCrs(() => pollTaskOnce(crsIn(target.region), target.taskId, attempt()));
    },

    /** Step 3 without a task id: one poll of the backup status until it is 4 (exported). */
    async pollBackupExport(target: ExportTarget): Promise<FinishedWait> {
      return callCrs(() => pollBackupOnce(crsIn(target.region), target, attempt()));
    },

    /** Step 4: the download URLs, with the instant they stop working. */
    async fetchDownloadUrls(target: ExportTarget): Promise<DownloadUrls> {
      return callCrs(async () => {
        const urls = await crsIn(target.region).getBackupDownloadUrl({
          redisId: target.redisId,
          backupId: target.backupId,
        });
        const expiresAt = new Date(now().getTime() + DOWNLOAD_URL_VALIDITY_MS).toISOString();
        return { intranet: urls.intranet, extranet: urls.extranet, expiresAt };
      });
    },
  };
}

export type ExportActivities = ReturnType<typeof createExportActivities>;

/** Runs CRS calls so that a CrsApiError leaves the activity as a (non-)retryable ApplicationFailure. */
async function callCrs<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asActivityFailure(error);
  }
}
