// How anything an activity throws leaves it: a CrsApiError as the export failure of the one failure model
// (retried or not as the code table says), our own failures as they are, anything else as a retryable bug.
import { ApplicationFailure } from '@temporalio/common';
import {
  exportFailure,
  isCrsApiError,
  ownExportError,
  VALIDATION_FAILURE_CODES,
  type ExportFailureType,
  type ValidationFailureKind,
} from '@crs-export/contracts';
import type { PollProgress } from './activity-types';

export function toActivityFailure(error: unknown): Error {
  if (error instanceof ApplicationFailure) return error;
  if (isCrsApiError(error)) return exportFailure(error.toExportError());
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs a step so that whatever fails leaves the activity through toActivityFailure. */
export async function asActivity<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw toActivityFailure(error);
  }
}

/** Validation predicts what Tencent would answer: the code of that API generation, never retried. */
export function validationFailure(
  kind: ValidationFailureKind,
  apiVersion: 2 | 3,
  message: string,
  action: string,
): ApplicationFailure {
  const { v2, v3, name } = VALIDATION_FAILURE_CODES[kind];
  const code = apiVersion === 2 ? v2 : v3;
  return exportFailure({
    type: 'ExportValidationFailed',
    code,
    name: apiVersion === 2 ? name : v3,
    message,
    retryable: false,
    action,
  });
}

/**
 * "Not done yet": retryable and benign, so the retry policy schedules the next poll without a history event;
 * `nextRetryDelayMs` sets that retry's delay instead (predictive polling).
 */
export function pendingFailure(what: string, progress: PollProgress, nextRetryDelayMs?: number): ApplicationFailure {
  const message = `${what} is not finished yet (poll ${progress.polls})`;
  return exportFailure(
    ownExportError('ExportTaskPending', message, { retryable: true }),
    progress,
    nextRetryDelayMs === undefined ? {} : { nextRetryDelayMs },
  );
}

export function terminalTaskFailure(
  type: Extract<ExportFailureType, 'ExportTaskFailed' | 'ExportTaskError'>,
  message: string,
  action: string,
  progress: PollProgress,
): ApplicationFailure {
  return exportFailure(ownExportError(type, message, { action }), progress);
}
