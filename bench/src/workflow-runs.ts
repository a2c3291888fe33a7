// Starting export workflows straight through the Temporal client (with the API's start options), as the
// benchmarks that need a worker or compare against the raw client do.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { PollingPolicy } from '@crs-export/contracts';
import { exportStartOf, exportStartOptions } from '@crs-export/export-client';
import type { ExportTarget } from '@crs-export/contracts';

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
  const input = { ...target, polling };
  return client.workflow.start(EXPORT_WORKFLOW_TYPE, exportStartOptions(input, exportStartOf({ input }), taskQueue));
}

/** ISO time of a Temporal visibility query literal, e.g. StartTime >= '2026-...'. */
export function visibilityTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
