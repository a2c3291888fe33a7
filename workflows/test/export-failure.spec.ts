import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { isDeadlineTimeout } from '../src/export-failure';

const pollFailure = (retryState: RetryState, cause: Error): ActivityFailure =>
  new ActivityFailure('activity failed', 'pollExportTask', '1', retryState, 'worker', cause);

describe('the deadline of the wait', () => {
  it('is reached when the poll attempt timed out against ScheduleToClose', () => {
    const timeout = new TimeoutFailure('activity timed out', undefined, TimeoutType.SCHEDULE_TO_CLOSE);
    expect(isDeadlineTimeout(pollFailure(RetryState.TIMEOUT, timeout))).toBe(true);
  });

  it('is reached when the server gave up retrying because the next poll would start after it', () => {
    const pending = ApplicationFailure.create({ type: 'ExportTaskPending', message: 'task still running' });
    expect(isDeadlineTimeout(pollFailure(RetryState.TIMEOUT, pending))).toBe(true);
  });

  it('is not reached by a non-retryable task failure', () => {
    const failed = ApplicationFailure.create({ type: 'ExportTaskFailed', message: 'status 3', nonRetryable: true });
    expect(isDeadlineTimeout(pollFailure(RetryState.NON_RETRYABLE_FAILURE, failed))).toBe(false);
  });
});
