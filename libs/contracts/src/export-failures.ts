// The one failure model of an export: every failure type it can end with, and the one builder and reader
// that activities and the workflow use, so an error keeps one shape (ExportError) from the activity that
// raised it to the export resource.
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { ExportError } from './export-status';

interface FailureTypeInfo {
  /** Whether the export can end with it (false: a transient signal inside a step, such as "not done yet"). */
  terminal: boolean;
  summary: string;
}

/**
 * Every failure type, by the name that travels as the Temporal failure type and as `ExportError.type`.
 * The names are part of the recorded histories and of the API: add, never rename.
 */
export const EXPORT_FAILURES = {
  CrsApiError: { terminal: true, summary: 'Tencent refused a call, or a call to Tencent failed; code is Tencent’s' },
  ExportValidationFailed: {
    terminal: true,
    summary: 'the instance or backup cannot be exported; code is the one Tencent would answer',
  },
  ExportTaskPending: { terminal: false, summary: 'Tencent’s task (or conversion) is not finished: poll again' },
  ExportTaskFailed: { terminal: true, summary: 'Tencent’s task ended failed' },
  ExportTaskError: { terminal: true, summary: 'Tencent’s task ended with an execution error' },
  ExportTaskTimedOut: { terminal: true, summary: 'Tencent’s task did not finish within the export deadline' },
  ExportFilesMissing: { terminal: true, summary: 'Tencent listed fewer files than the backup has shards' },
  ArchiveCheckFailed: {
    terminal: true,
    summary: 'a file failed a check (size, RDB structure, CRC-64) on every download; code names the check',
  },
  ArchiveSourceFailed: { terminal: true, summary: 'a file could not be downloaded from Tencent’s URL' },
  ArchiveStoreFailed: { terminal: true, summary: 'the destination refused or could not take the files' },
  ArchiveDestinationInvalid: { terminal: true, summary: 'the destination cannot be archived to' },
  ExportTerminated: { terminal: true, summary: 'the export workflow was terminated in Temporal' },
  ExportTimedOut: { terminal: true, summary: 'the export workflow reached its Temporal execution timeout' },
  ExportWorkflowFailed: { terminal: true, summary: 'the export workflow failed without reporting why' },
  ExportWorkflowError: { terminal: true, summary: 'an unexpected error inside the export workflow' },
} as const satisfies Record<string, FailureTypeInfo>;

export type ExportFailureType = keyof typeof EXPORT_FAILURES;

/** The Temporal failure type of a workflow that ended FAILED; details[0] is its final ExportStatus. */
export const EXPORT_FAILED_TYPE = 'ExportFailed';

export function isExportFailureType(value: unknown): value is ExportFailureType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EXPORT_FAILURES, value);
}

/** An ExportError of one of our own failures (code and name are the type). */
export function ownExportError(
  type: ExportFailureType,
  message: string,
  extra: { action?: string; retryable?: boolean } = {},
): ExportError {
  return {
    type,
    code: type,
    name: type,
    message,
    retryable: extra.retryable ?? false,
    ...(extra.action ? { action: extra.action } : {}),
  };
}

/**
 * The one way a step fails: an ApplicationFailure typed by the error's failure type, carrying the
 * ExportError as details[0] (and, for polls, how far the wait got as details[1]). `nextRetryDelayMs` (a retryable failure only): when Temporal retries it, instead of the retry policy's backoff
 * (predictive polling).
 */
export function exportFailure(
  error: ExportError,
  progress?: unknown,
  options: { nextRetryDelayMs?: number } = {},
): ApplicationFailure {
  const type = error.type ?? 'ExportWorkflowError';
  const pending = type === 'ExportTaskPending';
  return ApplicationFailure.create({
    type,
    message: `${error.action ? `${error.action}: ` : ''}${describeError(error)}`,
    nonRetryable: !error.retryable,
    // "Not done yet" is the normal course of a poll: keep it out of error logs and metrics.
    ...(pending ? { category: ApplicationFailureCategory.BENIGN } : {}),
    details: progress === undefined ? [error] : [error, progress],
    ...(options.nextRetryDelayMs === undefined ? {} : { nextRetryDelay: options.nextRetryDelayMs }),
  });
}

/** "11214 OnlyClusterInstanceCanExportBackup: only cluster ..." (the code is left out when it is the name). */
export function describeError(error: Pick<ExportError, 'code' | 'name' | 'message'>): string {
  const head = String(error.code) === error.name ? error.name : `${String(error.code)} ${error.name}`;
  return `${head}: ${error.message}`;
}

function isExportError(value: unknown): value is ExportError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ExportError>;
  return typeof candidate.name === 'string' && typeof candidate.message === 'string' && 'code' in candidate;
}

/** The ExportError an ApplicationFailure carries in details[0], or null when it carries none. */
export function exportErrorCarriedBy(failure: ApplicationFailure): ExportError | null {
  const carried = failure.details?.[0];
  if (!isExportError(carried)) return null;
  // Failures recorded before ExportError had a type name it only as the failure type.
  if (carried.type === undefined && isExportFailureType(failure.type)) return { type: failure.type, ...carried };
  return carried;
}
