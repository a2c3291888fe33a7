// Starting export workflows straight through the Temporal client, as the benchmarks that need a worker do.
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  RedisIdSearchAttribute,
  exportIdFor,
  type ExportInput,
  type PollingPolicy,
} from '@crs-export/contracts';
import type { ExportTarget } from './bench-scenario';

/**
 * The workflow type of DESIGN.md's Temporal contract. The benchmarks drive the service from outside, as a
 * client would, so they name the type instead of importing the workflow project.
 */
export const EXPORT_WORKFLOW_TYPE = 'exportRedisBackup';

export async function startExportWorkflow(
  client: Client,
  taskQueue: string,
  target: ExportTarget,
  polling: Partial<PollingPolicy>,
): Promise<WorkflowHandle> {
  const input: ExportInput = { ...target, polling };
  return client.workflow.start(EXPORT_WORKFLOW_TYPE, {
    workflowId: exportIdFor(target.redisId, target.backupId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: RedisIdSearchAttribute, value: target.redisId },
      { key: BackupIdSearchAttribute, value: target.backupId },
      { key: ExportStateSearchAttribute, value: 'VALIDATING' },
    ],
    memo: { region: target.region },
  });
}

/** ISO time of a Temporal visibility query literal, e.g. StartTime >= '2026-...'. */
export function visibilityTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
