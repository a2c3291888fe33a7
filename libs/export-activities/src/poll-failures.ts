// Failures a poll throws: "not done yet" (retryable, benign, so the retry policy schedules the next poll
// without a history event) and the terminal task outcomes.
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { ExportError } from '@crs-export/contracts';
import { EXPORT_FAILURE_TYPES } from './activity-names';
import type { PollProgress } from './activity-types';

export function pendingFailure(what: string, progress: PollProgress): ApplicationFailure {
  return ApplicationFailure.create({
    type: EXPORT_FAILURE_TYPES.taskPending,
    message: `${what} is not finished yet (poll ${progress.polls})`,
    nonRetryable: false,
    category: ApplicationFailureCategory.BENIGN,
    details: [null, progress],
  });
}

type TerminalType = typeof EXPORT_FAILURE_TYPES.taskFailed | typeof EXPORT_FAILURE_TYPES.taskError;

export function terminalTaskFailure(
  type: TerminalType,
  message: string,
  action: string,
  progress: PollProgress,
): ApplicationFailure {
  const error: ExportError = { code: type, name: type, message, retryable: false, action };
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: [error, progress] });
}
