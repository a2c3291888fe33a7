// Why an export failed, as the workflow reads it from the failure of a step.
import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { exportFailure, ownExportError } from '@crs-export/contracts';
import { exportErrorOf } from '../src/export-failure';

const context = { deadlineMs: 60_000, polls: 12 };
const activityFailure = (retryState: RetryState, cause: Error, type = 'pollExportTask'): ActivityFailure =>
  new ActivityFailure('activity failed', type, '1', retryState, 'worker', cause);

describe('the deadline of the export', () => {
  it('is reached when the poll attempt timed out against ScheduleToClose', () => {
    const timeout = new TimeoutFailure('activity timed out', undefined, TimeoutType.SCHEDULE_TO_CLOSE);
    expect(exportErrorOf(activityFailure(RetryState.TIMEOUT, timeout), context)).toMatchObject({
      type: 'ExportTaskTimedOut',
      code: 'ExportTaskTimedOut',
      retryable: false,
      message: 'the export task did not finish within the deadline of 60000 ms (12 polls)',
    });
  });

  it('is reached when the server gave up retrying because the next poll would start after it', () => {
    const pending = exportFailure(ownExportError('ExportTaskPending', 'task still running', { retryable: true }));
    expect(exportErrorOf(activityFailure(RetryState.TIMEOUT, pending), context).type).toBe('ExportTaskTimedOut');
  });

  it('is not reached by a non-retryable task failure, which keeps its own error', () => {
    const failed = exportFailure(ownExportError('ExportTaskFailed', 'status 3', { action: 'DescribeTaskInfo' }));
    expect(exportErrorOf(activityFailure(RetryState.NON_RETRYABLE_FAILURE, failed), context)).toEqual({
      type: 'ExportTaskFailed',
      code: 'ExportTaskFailed',
      name: 'ExportTaskFailed',
      message: 'status 3',
      retryable: false,
      action: 'DescribeTaskInfo',
    });
  });

  it('names the last Tencent error when a call kept failing until the deadline', () => {
    const crs = exportFailure({
      type: 'CrsApiError',
      code: 6000,
      name: 'InternalError',
      message: 'DescribeRedis: 6000 InternalError: busy',
      retryable: true,
      action: 'DescribeRedis',
    });
    expect(exportErrorOf(activityFailure(RetryState.TIMEOUT, crs, 'validateExport'), context)).toMatchObject({
      type: 'CrsApiError',
      code: 6000,
    });
  });
});

describe('an error recorded before ExportError had a type', () => {
  it('takes the type from the failure that carried it', () => {
    const legacy = ApplicationFailure.create({
      type: 'ExportValidationFailed',
      message: '11214',
      nonRetryable: true,
      details: [{ code: 11214, name: 'OnlyClusterInstanceCanExportBackup', message: 'x', retryable: false }],
    });
    expect(exportErrorOf(activityFailure(RetryState.NON_RETRYABLE_FAILURE, legacy), context)).toMatchObject({
      type: 'ExportValidationFailed',
      code: 11214,
    });
  });
});
