// Predictive polling of a Tencent task: when it is known about how long the task takes (an instance's backups take
// similar times), do not ask before then, and after that ask often enough that the end is seen within ~10% of the
// time waited. Without an estimate the retry policy's backoff paces the polls, as it always did. Pure: the poll
// activity and the benchmark's held-clock poller both run these functions.
import type { PollingPolicy } from './export-target';

/** The poll policy's part that paces the polls. */
export type PollPacing = Pick<PollingPolicy, 'initialIntervalMs' | 'maximumIntervalMs'>;

export interface TaskPollClock {
  /** How long the task is expected to take (ms), or null when nothing is known: backoff as usual. */
  expectedDurationMs: number | null;
  /** Epoch ms at which the task started (by our clock: when Tencent answered the call that started it). */
  taskStartedAtMs: number;
  /** Epoch ms now. */
  nowMs: number;
}

/** Ask Tencent now, or wait this long first (no call). */
export type PollStep = { call: true } | { call: false; retryInMs: number };

/** The first poll waits for the estimate plus this margin: at least this much. */
export const MIN_ESTIMATE_MARGIN_MS = 250;
/** The margin's share of the estimate. */
export const ESTIMATE_MARGIN_SHARE = 0.01;
/** Once the estimate has passed, the next poll waits this share of the time since the task started. */
export const OVERDUE_POLL_SHARE = 0.1;
/**
 * The least wait between polls once the estimate has passed (never more than the policy's initial interval):
 * Temporal retries an activity no sooner than about 1 s anyway, and Tencent's times are to the second, so an
 * estimate may be 1 s short; one more poll a second later covers that.
 */
export const OVERDUE_POLL_FLOOR_MS = 1000;

/** When the first poll is due: the estimate plus max(250 ms, 1% of it). */
export function firstPollDueMs(expectedDurationMs: number): number {
  return expectedDurationMs + Math.max(MIN_ESTIMATE_MARGIN_MS, ESTIMATE_MARGIN_SHARE * expectedDurationMs);
}

/** Before a poll: whether to call Tencent now; with an estimate that is not due yet, how long to wait instead. */
export function pollStepNow(clock: TaskPollClock): PollStep {
  if (clock.expectedDurationMs === null) return { call: true };
  const due = clock.taskStartedAtMs + firstPollDueMs(clock.expectedDurationMs);
  const wait = Math.ceil(due - clock.nowMs);
  return wait > 0 ? { call: false, retryInMs: wait } : { call: true };
}

/**
 * After Tencent said "still running": the wait before the next poll, or null when there is no estimate (the
 * retry policy's backoff decides, exactly as without predictive polling). With an estimate that has passed:
 * max(the floor, 10% of the time since the task started), capped at the policy's maximum interval, so the end is
 * seen within about 10% of the wait.
 */
export function retryInAfterRunning(clock: TaskPollClock, pacing: PollPacing): number | null {
  if (clock.expectedDurationMs === null) return null;
  const step = pollStepNow(clock);
  // Still before the due time (a clock that moved back, or an early retry): wait for it.
  if (!step.call) return step.retryInMs;
  const floor = Math.min(OVERDUE_POLL_FLOOR_MS, pacing.initialIntervalMs);
  const elapsed = Math.max(0, clock.nowMs - clock.taskStartedAtMs);
  const wait = Math.max(floor, Math.ceil(OVERDUE_POLL_SHARE * elapsed));
  return Math.max(1, Math.min(wait, Math.max(floor, pacing.maximumIntervalMs)));
}

/** A past run of the task's kind, as Tencent lists it (ISO-8601 times). */
export interface FinishedRun {
  startedAt: string;
  /** null or absent: Tencent gives no end time (v2, or a backup in progress). */
  endedAt?: string | null;
  /** Tencent's backup status: 1 is in progress (its end time is not an end). */
  status: number;
}

/** How many of the newest finished backups the estimate looks at. */
export const ESTIMATE_SAMPLE_SIZE = 5;
const BACKUP_IN_PROGRESS = 1;

/**
 * The expected duration of an instance's next backup: the median of EndTime - StartTime over its newest few
 * finished backups; null when none has both times. Tencent's times are to the second, so the figure is too.
 */
export function expectedBackupDurationMs(runs: readonly FinishedRun[]): number | null {
  const finished = runs
    .filter((run) => run.status !== BACKUP_IN_PROGRESS && run.endedAt)
    .map((run) => ({ start: Date.parse(run.startedAt), end: Date.parse(run.endedAt ?? '') }))
    .filter(({ start, end }) => Number.isFinite(start) && Number.isFinite(end) && end >= start)
    .sort((a, b) => b.start - a.start)
    .slice(0, ESTIMATE_SAMPLE_SIZE)
    .map(({ start, end }) => end - start)
    .sort((a, b) => a - b);
  if (finished.length === 0) return null;
  const middle = Math.floor(finished.length / 2);
  return finished.length % 2 === 1
    ? (finished[middle] as number)
    : Math.round(((finished[middle - 1] as number) + (finished[middle] as number)) / 2);
}
