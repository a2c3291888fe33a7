// DescribeTaskInfo (crs-v3-api.md §1.4): a task's string status (preparing, running, succeed, failed,
// error), its type label and, once it failed, the TaskMessage. Tasks are those of the request's region.
import { formatBeijingTime } from '../beijing-time';
import { defineV3Action } from './v3-action';
import { v3Error } from './v3-error';

const STATUS_NAMES: Record<number, string> = { 0: 'preparing', 1: 'running', 2: 'succeed', 3: 'failed', [-1]: 'error' };
const TASK_TYPES = { backupInstance: '备份实例', exportBackup: '导出备份文件' } as const;

export const describeTaskInfo = defineV3Action({
  name: 'DescribeTaskInfo',
  mutates: false,
  params: (k) => k.object({ TaskId: k.int(0) }),
  handle: (context, params) => {
    const task = context.state.task(params.TaskId);
    if (!task || !context.state.instanceIn(context.region, task.redisId))
      throw v3Error(
        'InvalidParameter.InvalidParameter',
        `task ${params.TaskId} does not exist in ${context.regionLong}`,
      );
    const status = context.state.taskStatus(task);
    const failed = status === 3 || status === -1;
    return {
      Status: STATUS_NAMES[status] ?? 'error',
      StartTime: formatBeijingTime(task.createdAt),
      TaskType: TASK_TYPES[task.kind],
      InstanceId: task.redisId,
      TaskMessage: failed ? task.failureMessage : '',
    };
  },
});
