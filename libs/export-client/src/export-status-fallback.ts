// The ExportStatus of an execution whose own report is unavailable (terminated, timed out, no worker to
// answer the query), pieced together from what Temporal keeps: search attributes, memo, times.
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  RedisIdSearchAttribute,
  isExportState,
  isTerminalExportState,
  type ExportError,
  type ExportState,
  type ExportStatus,
} from '@crs-export/contracts';
import type { WorkflowExecutionInfo, WorkflowExecutionStatusName } from '@temporalio/client';

export const TENCENT_CANNOT_STOP_NOTE =
  'Tencent has no call that stops an export task: a task already started runs on at Tencent.';

/** The export state an execution is in, as far as Temporal itself can tell. */
export function exportStateOf(info: Pick<WorkflowExecutionInfo, 'status' | 'typedSearchAttributes'>): ExportState {
  const attribute = info.typedSearchAttributes.get(ExportStateSearchAttribute);
  const recorded = isExportState(attribute) ? attribute : 'VALIDATING';
  return stateForExecutionStatus(info.status.name, recorded);
}

function stateForExecutionStatus(status: WorkflowExecutionStatusName, recorded: ExportState): ExportState {
  // The workflow records its final state before it closes; a non-final one means it never got to.
  if (status !== 'RUNNING' && isTerminalExportState(recorded)) return recorded;
  switch (status) {
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
      return {
        code: 'ExportTerminated',
        name: 'ExportTerminated',
        message: 'the export workflow was terminated in Temporal',
        retryable: false,
      };
    case 'TIMED_OUT':
      return {
        code: 'ExportTimedOut',
        name: 'ExportTimedOut',
        message: 'the export workflow reached its Temporal execution timeout',
        retryable: false,
      };
    case 'FAILED':
    case 'UNSPECIFIED':
    case 'UNKNOWN':
      return {
        code: 'ExportWorkflowFailed',
        name: 'ExportWorkflowFailed',
        message: 'the export workflow failed without reporting why',
        retryable: false,
      };
    case 'RUNNING':
    case 'PAUSED':
    case 'CONTINUED_AS_NEW':
    case 'COMPLETED':
    case 'CANCELLED':
      return null;
  }
}

export function exportStatusFromExecution(
  info: Pick<
    WorkflowExecutionInfo,
    'workflowId' | 'status' | 'typedSearchAttributes' | 'memo' | 'startTime' | 'closeTime'
  >,
): ExportStatus {
  const state = exportStateOf(info);
  const startedAt = info.startTime.toISOString();
  const finishedAt = info.closeTime?.toISOString() ?? null;
  const region = info.memo?.['region'];
  return {
    exportId: info.workflowId,
    redisId: info.typedSearchAttributes.get(RedisIdSearchAttribute) ?? '',
    backupId: info.typedSearchAttributes.get(BackupIdSearchAttribute) ?? '',
    region: typeof region === 'string' ? region : '',
    state,
    taskId: null,
    taskStatus: null,
    polls: 0,
    download: null,
    error: errorForExecutionStatus(info.status.name),
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
