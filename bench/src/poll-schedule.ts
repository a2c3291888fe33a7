// Poll schedules: the project's (the poll activity's retry policy: at once, then the initial interval, times
// the coefficient, capped) and a fixed interval like tccli's `--waiter`; and the budget for them.

export interface PollSchedule {
  /** Wait after the first poll. */
  initialIntervalMs: number;
  /** 1 for a fixed interval. */
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

/** tccli's `--waiter` polls at a fixed interval (the brief's comparison: 10 s). */
export const FIXED_10S: PollSchedule = { initialIntervalMs: 10_000, backoffCoefficient: 1, maximumIntervalMs: 10_000 };

/** The wait after the `poll`-th poll (1-based). */
export function intervalAfter(poll: number, schedule: PollSchedule): number {
  const grown = schedule.initialIntervalMs * schedule.backoffCoefficient ** (poll - 1);
  return Math.min(grown, schedule.maximumIntervalMs);
}

/** On an exact clock: polls until the first at or after the task's end, and when that one happens. */
export function modelPolls(durationMs: number, schedule: PollSchedule): { polls: number; detectedAtMs: number } {
  let at = 0;
  let polls = 1;
  while (at < durationMs && polls < 1_000_000) {
    at += intervalAfter(polls, schedule);
    polls += 1;
  }
  return { polls, detectedAtMs: at };
}

/** The budget: at most 5 + log2(T / 2 s) CRS calls for a task of T seconds. */
export function callBudget(taskSeconds: number): number {
  return 5 + Math.log2(taskSeconds / 2);
}
