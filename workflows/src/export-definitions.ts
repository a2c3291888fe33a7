// Names every client of the export workflow relies on: workflow type, signal, query, outcome types.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ExportStatus } from '@crs-export/contracts';

export const EXPORT_WORKFLOW_TYPE = 'exportRedisBackup';

export interface CancelExportInput {
  reason?: string;
}

/** Asks a running export to stop; it ends in CANCELLED within a second, also between polls. */
export const cancelExportSignal = defineSignal<[CancelExportInput]>('cancelExport');

/** The export as it stands: state, task, polls, URLs, error, when each state began. */
export const exportStatusQuery = defineQuery<ExportStatus>('exportStatus');

/**
 * How an export ends, so that clients can read its final ExportStatus from a closed execution:
 * - SUCCEEDED: the workflow completes with the ExportStatus as its result;
 * - FAILED: it fails with an ApplicationFailure of type EXPORT_FAILED_TYPE (libs/contracts) whose details[0]
 *   is the ExportStatus;
 * - CANCELLED: it ends cancelled with a CancelledFailure whose details[0] is the ExportStatus.
 */
export { EXPORT_FAILED_TYPE } from '@crs-export/contracts';
