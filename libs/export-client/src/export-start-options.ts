// How an export is started: workflow ID from the backup, one running export per backup, search attributes and memo.
import type { WorkflowOptions } from '@temporalio/client';
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  RedisIdSearchAttribute,
  exportIdFor,
  type ExportInput,
} from '@crs-export/contracts';

/** The options every start of `exportRedisBackup` uses: the API's, and the benchmarks' raw-client starts. */
export function exportStartOptions(input: ExportInput, taskQueue: string): WorkflowOptions & { args: [ExportInput] } {
  return {
    workflowId: exportIdFor(input.redisId, input.backupId),
    taskQueue,
    args: [input],
    // A second start of a running export fails (WorkflowExecutionAlreadyStartedError): the client then
    // describes the running one, so one backup never has two running exports.
    workflowIdConflictPolicy: 'FAIL',
    // A closed export (failed, cancelled, or URLs expired) may be run again.
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: RedisIdSearchAttribute, value: input.redisId },
      { key: BackupIdSearchAttribute, value: input.backupId },
      { key: ExportStateSearchAttribute, value: 'VALIDATING' },
    ],
    // Region is not a search attribute; the memo lets a terminated export still say where it ran.
    memo: { region: input.region },
  };
}
