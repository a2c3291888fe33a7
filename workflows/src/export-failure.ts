// Reads why an export failed into its ExportError (the one failure model of libs/contracts), and builds
// the failures that end the workflow.
import { defaultFailureConverter, defaultPayloadConverter, RetryState } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure } from '@temporalio/workflow';
import {
  describeError,
  EXPORT_FAILED_TYPE,
  exportErrorCarriedBy,
  ownExportError,
  type ExportError,
  type ExportStatus,
} from '@crs-export/contracts';
import type { PollProgress } from '@crs-export/export-activities';

/** The error of an export that outlived its deadline (the workflow's own, not Tencent's). */
export const EXPORT_TASK_TIMED_OUT = 'ExportTaskTimedOut';

export interface FailureContext {
  deadlineMs: number;
  /** Polls made so far, for the deadline message. */
  polls: number;
}

/**
 * Why the export failed. An activity that ran out of its ScheduleToClose time means the export missed its
 * deadline: the server reports that as a TimeoutFailure (the deadline passed during an attempt or its
 * backoff) or as retry state TIMEOUT with the last attempt's failure (the next retry would start after the
 * deadline). The last attempt's own error wins when it says more than "not finished yet".
 */
export function exportErrorOf(error: unknown, context: FailureContext): ExportError {
  if (error instanceof ActivityFailure) {
    const timedOut = error.cause instanceof TimeoutFailure || error.retryState === RetryState.TIMEOUT;
    const last = error.cause instanceof TimeoutFailure ? lastAttemptFailure(error.cause) : error.cause;
    const carried = last ? errorOfFailure(last) : null;
    if (timedOut && (!carried || carried.type === 'ExportTaskPending')) return deadlineError(context);
    if (carried) return carried;
  }
  const carried = errorOfFailure(error);
  if (carried) return carried;
  const message = error instanceof Error ? error.message : String(error);
  return ownExportError('ExportWorkflowError', message);
}

function errorOfFailure(error: unknown): ExportError | null {
  if (!(error instanceof ApplicationFailure)) return null;
  const carried = exportErrorCarriedBy(error);
  if (carried) return carried;
  const type = error.type ?? 'ApplicationFailure';
  return { code: type, name: type, message: error.message, retryable: !error.nonRetryable };
}

/**
 * The failure of the last attempt behind a retry timeout. The server sends it as the timeout's cause, but
 * the SDK's converter drops causes of timeouts, so it is read from the raw failure kept on the error.
 */
function lastAttemptFailure(timeout: TimeoutFailure): ApplicationFailure | null {
  const raw = timeout.failure?.cause;
  if (!raw) return null;
  const error = defaultFailureConverter.failureToError(raw, defaultPayloadConverter);
  return error instanceof ApplicationFailure ? error : null;
}

/** How far a wait got, from a poll failure or from the last attempt behind a deadline timeout. */
export function pollProgressOf(error: unknown): PollProgress | null {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const failure = cause instanceof TimeoutFailure ? lastAttemptFailure(cause) : cause;
  if (!(failure instanceof ApplicationFailure)) return null;
  const progress = failure.details?.[1] as PollProgress | undefined;
  return typeof progress?.polls === 'number' ? progress : null;
}

export function deadlineError({ deadlineMs, polls }: FailureContext): ExportError {
  const message = `the export task did not finish within the deadline of ${deadlineMs} ms (${polls} polls)`;
  return ownExportError('ExportTaskTimedOut', message, { action: 'DescribeTaskInfo' });
}

export function exportFailed(status: ExportStatus): ApplicationFailure {
  return ApplicationFailure.create({
    type: EXPORT_FAILED_TYPE,
    message: `export failed: ${status.error ? describeError(status.error) : 'unknown'}`,
    nonRetryable: true,
    details: [status],
  });
}

export function exportCancelled(status: ExportStatus): CancelledFailure {
  return new CancelledFailure(`export cancelled: ${status.cancellation?.reason ?? 'cancelled'}`, [status]);
}
