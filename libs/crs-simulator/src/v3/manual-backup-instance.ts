// ManualBackupInstance (crs-v3-api.md §1.4): a task (TaskId, an integer; no BackupId) and a new backup in
// status 1, Locked, which the default Status filter hides until the task succeeds. A locked instance (in
// another flow, or making a backup) answers InstanceLockedError; one not running, InstanceStatusAbnormal.
import { DEFAULT_STORAGE_DAYS } from '../simulator-state';
import { defineV3Action, instanceOf } from './v3-action';
import { v3Error } from './v3-error';

export const manualBackupInstance = defineV3Action({
  name: 'ManualBackupInstance',
  mutates: true,
  params: (k) =>
    k.object({
      InstanceId: k.string(),
      Remark: k.string().optional(),
      StorageDays: k.int(0, 1825).optional(),
    }),
  handle: (context, params) => {
    const instance = instanceOf(context, params.InstanceId);
    const status = context.state.instanceStatus(instance);
    if (status === 1)
      throw v3Error(
        'ResourceUnavailable.InstanceLockedError',
        `instance ${params.InstanceId} is locked by another flow; try again when it is done`,
      );
    if (status === 0)
      throw v3Error('ResourceUnavailable.InstanceStateError', `instance ${params.InstanceId} is not initialised yet`);
    if (status !== 2)
      throw v3Error(
        'ResourceUnavailable.InstanceStatusAbnormal',
        `instance ${params.InstanceId} is not running (status ${status}); the backup flow cannot run`,
      );
    // 0 means the default retention, as terraform documents it.
    const storageDays =
      params.StorageDays === undefined || params.StorageDays === 0 ? DEFAULT_STORAGE_DAYS : params.StorageDays;
    const task = context.state.startManualBackup(instance, { remark: params.Remark ?? '', storageDays });
    return { TaskId: context.settings.taskIdAsString ? String(task.requestId) : task.requestId };
  },
});
