// Reads why a step failed into an ExportError, and builds the failures that end the workflow.
import { defaultFailureConverter, defaultPayloadConverter, RetryState } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure } from '@temporalio/workflow';
import type { ExportError, ExportStatus } from '@crs-export/contracts';
import type { PollProgress } from '@crs-export/export-activities';
import { EXPORT_FAILED_TYPE } from './export-definitions';

/** The error of an export whose task outlived the polling deadline (the workflow's own, not Tencent's). */
export const EXPORT_TASK_TIMED_OUT = 'ExportTaskTimedOut';

function isExportError(value: unknown): value is ExportError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ExportError>;
  return typeof candidate.name === 'string' && typeof candidate.message === 'string' && 'code' in candidate;
}

/** The ExportError a failed activity carried in details[0], or one made from the failure itself. */
export function exportErrorOf(error: unknown): ExportError {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    const carried = cause.details?.[0];
    if (isExportError(carried)) return carried;
    const type = cause.type ?? 'ApplicationFailure';
    return { code: type, name: type, message: cause.message, retryable: !cause.nonRetryable };
  }
  const lastAttempt = cause instanceof TimeoutFailure ? lastAttemptFailure(cause) : null;
  if (lastAttempt) return exportErrorOf(lastAttempt);
  const message = cause instanceof Error ? cause.message : String(cause);
  return { code: 'ExportWorkflowError', name: 'ExportWorkflowError', message, retryable: false };
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

/**
 * The poll activity ran out of its ScheduleToClose time: the export task missed the deadline. The server
 * reports that in two ways: a TimeoutFailure when the deadline passes during an attempt or its backoff, and
 * retry state TIMEOUT with the last attempt's failure (ExportTaskPending) when the next retry would start
 * after the deadline, so it is never scheduled.
 */
export function isDeadlineTimeout(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    (error.cause instanceof TimeoutFailure || error.retryState === RetryState.TIMEOUT)
  );
}

export function deadlineError(deadlineMs: number, polls: number): ExportError {
  const message = `the export task did not finish within the deadline of ${deadlineMs} ms (${polls} polls)`;
  return {
    code: EXPORT_TASK_TIMED_OUT,
    name: EXPORT_TASK_TIMED_OUT,
    message,
    retryable: false,
    action: 'DescribeTaskInfo',
  };
}

export function exportFailed(status: ExportStatus): ApplicationFailure {
  const reason = status.error
    ? `${String(status.error.code)} ${status.error.name}: ${status.error.message}`
    : 'unknown';
  return ApplicationFailure.create({
    type: EXPORT_FAILED_TYPE,
    message: `export failed: ${reason}`,
    nonRetryable: true,
    details: [status],
  });
}

export function exportCancelled(status: ExportStatus): CancelledFailure {
  return new CancelledFailure(`export cancelled: ${status.cancellation?.reason ?? 'cancelled'}`, [status]);
}
