// One poll of the export's progress: done, not yet (retry later), or ended badly.
import type { BackupRef, CrsBackend, CrsCallOptions } from '@crs-export/contracts';
import { pendingFailure, terminalTaskFailure } from './activity-failure';
import type { FinishedWait } from './activity-types';
import { findExistingBackup } from './backup-lookup';

export async function pollTaskOnce(
  backend: CrsBackend,
  ref: { region: string; taskId: number },
  polls: number,
  options?: CrsCallOptions,
): Promise<FinishedWait> {
  const task = await backend.describeTask(ref, options);
  const progress = { polls, taskStatus: task.tencentStatus, backupStatus: null };
  const said = task.message ? `: ${task.message}` : '';
  switch (task.state) {
    case 'succeeded':
      return { polls, taskStatus: task.tencentStatus };
    case 'failed':
      throw terminalTaskFailure(
        'ExportTaskFailed',
        `task ${ref.taskId} failed (status ${String(task.tencentStatus)})${said}`,
        'DescribeTaskInfo',
        progress,
      );
    case 'error':
      throw terminalTaskFailure(
        'ExportTaskError',
        `task ${ref.taskId} ended with an execution error (status ${String(task.tencentStatus)})${said}`,
        'DescribeTaskInfo',
        progress,
      );
    case 'pending':
      throw pendingFailure(`task ${ref.taskId} (status ${String(task.tencentStatus)})`, progress);
  }
}

/** Backup 3 is being exported, 4 exported; anything else means the export did not produce a file. */
export async function pollBackupOnce(
  backend: CrsBackend,
  ref: BackupRef,
  polls: number,
  options?: CrsCallOptions,
): Promise<FinishedWait> {
  const { status } = await findExistingBackup(backend, ref, options);
  const progress = { polls, taskStatus: null, backupStatus: status };
  if (status === 4) return { polls, taskStatus: null };
  if (status === 3) throw pendingFailure(`export of backup ${ref.backupId} (status 3)`, progress);
  const message = `backup ${ref.backupId} left the export with status ${status} instead of 4 (exported)`;
  throw terminalTaskFailure('ExportTaskFailed', message, 'GetRedisBackupList', progress);
}
