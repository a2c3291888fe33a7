// One poll of the export's progress: done, not yet (retry later), or ended badly.
import type { CrsApi } from '@crs-export/crs-client';
import { EXPORT_FAILURE_TYPES } from './activity-names';
import type { ExportTarget, FinishedWait } from './activity-types';
import { findBackup } from './backup-lookup';
import { pendingFailure, terminalTaskFailure } from './poll-failures';

/** DescribeTaskInfo statuses (reference §7.6). */
const TASK_SUCCEEDED = 2;
const TASK_FAILED = 3;
const TASK_ERROR = -1;

export async function pollTaskOnce(crs: CrsApi, taskId: number, polls: number): Promise<FinishedWait> {
  const { status } = await crs.describeTaskInfo({ requestId: taskId });
  const progress = { polls, taskStatus: status, backupStatus: null };
  if (status === TASK_SUCCEEDED) return { polls, taskStatus: status };
  if (status === TASK_FAILED) {
    throw terminalTaskFailure(
      EXPORT_FAILURE_TYPES.taskFailed,
      `export task ${taskId} failed (status 3)`,
      'DescribeTaskInfo',
      progress,
    );
  }
  if (status === TASK_ERROR) {
    const message = `export task ${taskId} ended with an execution error (status -1)`;
    throw terminalTaskFailure(EXPORT_FAILURE_TYPES.taskError, message, 'DescribeTaskInfo', progress);
  }
  throw pendingFailure(`export task ${taskId} (status ${status})`, progress);
}

/** Backup 3 is being exported, 4 exported; anything else means the export did not produce a file. */
export async function pollBackupOnce(crs: CrsApi, target: ExportTarget, polls: number): Promise<FinishedWait> {
  const { status } = await findBackup(crs, target);
  const progress = { polls, taskStatus: null, backupStatus: status };
  if (status === 4) return { polls, taskStatus: null };
  if (status === 3) throw pendingFailure(`export of backup ${target.backupId} (status 3)`, progress);
  const message = `backup ${target.backupId} left the export with status ${status} instead of 4 (exported)`;
  throw terminalTaskFailure(EXPORT_FAILURE_TYPES.taskFailed, message, 'GetRedisBackupList', progress);
}
