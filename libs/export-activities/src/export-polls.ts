// One poll of the export's progress: done, not yet (retry later), or ended badly. A task poll with an expected
// duration is predictive (contracts' poll-schedule.ts): it does not call Tencent before the estimate, and says
// itself when the next attempt runs (ApplicationFailure's nextRetryDelay) instead of the retry policy's backoff.
import {
  pollStepNow,
  retryInAfterRunning,
  type BackupRef,
  type CrsBackend,
  type CrsCallOptions,
  type PollPacing,
  type TaskPollClock,
} from '@crs-export/contracts';
import { pendingFailure, terminalTaskFailure } from './activity-failure';
import type { FinishedWait, TaskPollTarget } from './activity-types';
import { findExistingBackup } from './backup-lookup';

/** Where one attempt of a task poll stands. */
export interface TaskPollAttempt {
  /** Temporal's attempt number (1-based). */
  attempt: number;
  /** Calls to Tencent by earlier attempts, as recorded (heartbeat details); null: none recorded. */
  callsBefore: number | null;
  nowMs: number;
  /** The poll activity's retry policy. */
  pacing: PollPacing;
  /** Keeps the calls made so far for the next attempt (the activity's heartbeat details). */
  recordCalls: (calls: number) => void;
}

/** The call count an earlier attempt recorded in its heartbeat details, or null. */
export function callsRecorded(heartbeatDetails: unknown): number | null {
  return typeof heartbeatDetails === 'number' && Number.isInteger(heartbeatDetails) && heartbeatDetails >= 0
    ? heartbeatDetails
    : null;
}

/** The predictive clock of a poll target, or null when it has no estimate (plain backoff, as before). */
function pollClockOf(target: TaskPollTarget, nowMs: number): TaskPollClock | null {
  const startedAt = target.taskStartedAt === undefined ? Number.NaN : Date.parse(target.taskStartedAt);
  if (target.expectedDurationMs === undefined || target.expectedDurationMs === null || Number.isNaN(startedAt)) {
    return null;
  }
  return { expectedDurationMs: target.expectedDurationMs, taskStartedAtMs: startedAt, nowMs };
}

export async function pollTaskOnce(
  backend: CrsBackend,
  target: TaskPollTarget,
  at: TaskPollAttempt,
  options?: CrsCallOptions,
): Promise<FinishedWait> {
  const ref = { region: target.region, taskId: target.taskId };
  const clock = pollClockOf(target, at.nowMs);
  // Without an estimate every attempt is a call, as it always was.
  const callsBefore = clock ? (at.callsBefore ?? 0) : at.attempt - 1;
  if (clock) {
    const step = pollStepNow(clock);
    if (!step.call) {
      at.recordCalls(callsBefore);
      throw pendingFailure(
        `task ${ref.taskId} (expected to take ${Math.round((clock.expectedDurationMs ?? 0) / 1000)} s; not asked yet)`,
        { polls: callsBefore, taskStatus: null, backupStatus: null },
        step.retryInMs,
      );
    }
  }
  const polls = callsBefore + 1;
  const task = await backend.describeTask(ref, options);
  const progress = { polls, taskStatus: task.tencentStatus, backupStatus: null };
  const said = task.message ? `: ${task.message}` : '';
  switch (task.state) {
    case 'succeeded':
      return { polls, taskStatus: task.tencentStatus };
    case 'failed':
      throw terminalTaskFailure(
        'ExportTaskFailed',
        `task ${ref.taskId} failed (status ${String(task.tencentStatus)})${said}`,
        'DescribeTaskInfo',
        progress,
      );
    case 'error':
      throw terminalTaskFailure(
        'ExportTaskError',
        `task ${ref.taskId} ended with an execution error (status ${String(task.tencentStatus)})${said}`,
        'DescribeTaskInfo',
        progress,
      );
    case 'pending': {
      if (!clock) throw pendingFailure(`task ${ref.taskId} (status ${String(task.tencentStatus)})`, progress);
      at.recordCalls(polls);
      const retryInMs = retryInAfterRunning(clock, at.pacing) ?? undefined;
      throw pendingFailure(`task ${ref.taskId} (status ${String(task.tencentStatus)})`, progress, retryInMs);
    }
  }
}

/** Backup 3 is being exported, 4 exported; anything else means the export did not produce a file. */
export async function pollBackupOnce(
  backend: CrsBackend,
  ref: BackupRef,
  polls: number,
  options?: CrsCallOptions,
): Promise<FinishedWait> {
  const { status } = await findExistingBackup(backend, ref, options);
  const progress = { polls, taskStatus: null, backupStatus: status };
  if (status === 4) return { polls, taskStatus: null };
  if (status === 3) throw pendingFailure(`export of backup ${ref.backupId} (status 3)`, progress);
  const message = `backup ${ref.backupId} left the export with status ${status} instead of 4 (exported)`;
  throw terminalTaskFailure('ExportTaskFailed', message, 'GetRedisBackupList', progress);
}
