// Names every client of the batch workflow relies on: workflow type, query and signal.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BatchStatus } from '@crs-export/contracts';

export const BATCH_WORKFLOW_TYPE = 'exportBatch';

/** The batch as it stands: counts by state, each failure, the retention report. */
export const batchStatusQuery = defineQuery<BatchStatus>('batchStatus');

/** Asks a batch to stop: the children still running are cancelled; none is started any more. */
export const cancelBatchSignal = defineSignal<[{ reason?: string }]>('cancelBatch');
