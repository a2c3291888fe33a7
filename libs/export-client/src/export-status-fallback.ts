// The ExportStatus of an execution whose own report is unavailable (terminated, timed out, no worker to
// answer the query), pieced together from what Temporal keeps: search attributes, memo, times.
import {
  isExportState,
  isTerminalExportState,
  ownExportError,
  TENCENT_CANNOT_STOP_NOTE,
  type ExportError,
  type ExportState,
  type ExportStatus,
} from '@crs-export/contracts';
import type { WorkflowExecutionStatusName } from '@temporalio/client';
import type { ExportExecutionFacts } from './export-execution-facts';

/** The export state an execution is in, as far as Temporal itself can tell. */
export function exportStateOf(facts: Pick<ExportExecutionFacts, 'status' | 'recordedState'>): ExportState {
  const recorded = facts.recordedState ?? 'VALIDATING';
  // The workflow records its final state before it closes; a non-final one means it never got to.
  if (facts.status !== 'RUNNING' && isTerminalExportState(recorded)) return recorded;
  switch (facts.status) {
    case 'RUNNING':
    case 'PAUSED':
    case 'CONTINUED_AS_NEW':
      return recorded;
    case 'COMPLETED':
      return 'SUCCEEDED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'FAILED':
    case 'TERMINATED':
    case 'TIMED_OUT':
    case 'UNSPECIFIED':
    case 'UNKNOWN':
      return 'FAILED';
  }
}

function errorForExecutionStatus(status: WorkflowExecutionStatusName): ExportError | null {
  switch (status) {
    case 'TERMINATED':
      return ownExportError('ExportTerminated', 'the export workflow was terminated in Temporal');
    case 'TIMED_OUT':
      return ownExportError('ExportTimedOut', 'the export workflow reached its Temporal execution timeout');
    case 'FAILED':
    case 'UNSPECIFIED':
    case 'UNKNOWN':
      return ownExportError('ExportWorkflowFailed', 'the export workflow failed without reporting why');
    case 'RUNNING':
    case 'PAUSED':
    case 'CONTINUED_AS_NEW':
    case 'COMPLETED':
    case 'CANCELLED':
      return null;
  }
}

export function exportStatusFromExecution(facts: ExportExecutionFacts): ExportStatus {
  const state = exportStateOf(facts);
  const startedAt = facts.startTime.toISOString();
  const finishedAt = facts.closeTime?.toISOString() ?? null;
  return {
    exportId: facts.workflowId,
    redisId: facts.redisId,
    backupId: facts.backupId,
    requestedBackup: facts.requestedBackup,
    region: facts.region,
    state,
    taskId: null,
    taskStatus: null,
    polls: 0,
    backup: null,
    files: null,
    archive: null,
    error: errorForExecutionStatus(facts.status),
    cancellation:
      state === 'CANCELLED'
        ? { reason: 'cancelled through Temporal', requestedAt: finishedAt ?? startedAt, note: TENCENT_CANNOT_STOP_NOTE }
        : null,
    stateEnteredAt: { [state]: finishedAt ?? startedAt },
    startedAt,
    updatedAt: finishedAt ?? startedAt,
    finishedAt,
  };
}

export function isExportStatus(value: unknown): value is ExportStatus {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['exportId'] === 'string' && isExportState(record['state']);
}
