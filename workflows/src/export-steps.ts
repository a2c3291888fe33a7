// The steps of one export: validate, export, wait for the task, fetch the download URLs.
import type { ExportTarget, PollingPolicy } from '@crs-export/contracts';
import type { ExportTaskStart } from '@crs-export/export-activities';
import { exportActivityProxies, type ExportActivityProxies } from './activity-options';
import { pollProgressOf } from './export-failure';
import type { ExportProgress } from './export-progress';

export async function runExportSteps(
  target: ExportTarget,
  policy: PollingPolicy,
  progress: ExportProgress,
): Promise<void> {
  const { calls, polls } = exportActivityProxies(policy);
  const { backupStatus } = await calls.validateExport(target);
  // A backup already in 3 or 4 was exported before (maybe by our own lost call): never export it twice.
  const started: ExportTaskStart =
    backupStatus === 2 ? await startExport(calls, target, progress) : { taskId: null, backupStatus };
  if (started.backupStatus !== 4) await waitForExport({ polls, target, taskId: started.taskId, progress });
  progress.enter('FETCHING_URL');
  progress.recordDownload(await calls.fetchDownloadUrls(target));
}

async function startExport(
  calls: ExportActivityProxies['calls'],
  target: ExportTarget,
  progress: ExportProgress,
): Promise<ExportTaskStart> {
  progress.enter('EXPORTING');
  const started = await calls.startExportTask(target);
  progress.recordTask(started.taskId);
  return started;
}

interface WaitArgs {
  polls: ExportActivityProxies['polls'];
  target: ExportTarget;
  /** null: the task id is unknown (lost response, earlier export), so the backup status is watched. */
  taskId: number | null;
  progress: ExportProgress;
}

/** One activity for the whole wait: each poll is an attempt, so the history does not grow with polls. */
async function waitForExport({ polls, target, taskId, progress }: WaitArgs): Promise<void> {
  progress.enter('WAITING_FOR_TASK');
  try {
    const finished =
      taskId === null
        ? await polls.pollBackupExport(target)
        : await polls.pollExportTask({ region: target.region, taskId });
    progress.recordPolls(finished.polls, finished.taskStatus);
  } catch (error) {
    const reached = pollProgressOf(error);
    if (reached) progress.recordPolls(reached.polls, reached.taskStatus);
    throw error;
  }
}
