// Predictive polling: no call before the estimate, one call when it is right, the end seen within ~10% when it
// is short, and exactly the retry policy's backoff when there is none.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLLING_POLICY } from './export-target';
import {
  expectedBackupDurationMs,
  firstPollDueMs,
  OVERDUE_POLL_FLOOR_MS,
  pollStepNow,
  retryInAfterRunning,
  type PollPacing,
} from './poll-schedule';

const START = Date.parse('2026-12-01T00:00:00Z');

/** A task of `durationMs` polled by the schedule on an exact clock: the calls, and when the end was seen. */
function pollOut(
  durationMs: number,
  expectedDurationMs: number | null,
  pacing: PollPacing = DEFAULT_POLLING_POLICY,
): { calls: number; seenAtMs: number } {
  let now = START;
  let calls = 0;
  for (let step = 0; step < 100_000; step += 1) {
    const clock = { expectedDurationMs, taskStartedAtMs: START, nowMs: now };
    const before = pollStepNow(clock);
    if (!before.call) {
      now += before.retryInMs;
      continue;
    }
    calls += 1;
    if (now - START >= durationMs) return { calls, seenAtMs: now - START };
    const wait = retryInAfterRunning({ ...clock, nowMs: now }, pacing);
    if (wait === null) throw new Error('no estimate: the retry policy paces the polls');
    now += wait;
  }
  throw new Error('the schedule never saw the end');
}

describe('pollStepNow', () => {
  it('calls at once and leaves the pace to the retry policy when there is no estimate', () => {
    const clock = { expectedDurationMs: null, taskStartedAtMs: START, nowMs: START };
    expect(pollStepNow(clock)).toEqual({ call: true });
    expect(retryInAfterRunning({ ...clock, nowMs: START + 30_000 }, DEFAULT_POLLING_POLICY)).toBeNull();
  });

  it('does not call before the estimate and its margin, and waits exactly until then', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 * 86_400_000 }), fc.integer({ min: 0, max: 1000 }), (expected, share) => {
        const due = firstPollDueMs(expected);
        const now = START + Math.floor((due * share) / 1000) - 1;
        const step = pollStepNow({ expectedDurationMs: expected, taskStartedAtMs: START, nowMs: now });
        expect(step.call).toBe(false);
        if (!step.call) expect(now + step.retryInMs).toBe(START + Math.ceil(due));
      }),
    );
    expect(firstPollDueMs(10_000)).toBe(10_250);
    expect(firstPollDueMs(1_000_000)).toBe(1_010_000);
  });
});

describe('a task polled on the schedule', () => {
  it('is asked once when the estimate is right or long, and seen within the margin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 86_400_000 }), fc.integer({ min: 0, max: 5000 }), (duration, longBy) => {
        const expected = duration + longBy;
        const { calls, seenAtMs } = pollOut(duration, expected);
        expect(calls).toBe(1);
        expect(seenAtMs - duration).toBeLessThanOrEqual(Math.ceil(firstPollDueMs(expected) - duration));
      }),
    );
    // The durations: 1 poll, 250 ms or 1% late.
    expect(pollOut(10_000, 10_000)).toEqual({ calls: 1, seenAtMs: 10_250 });
    expect(pollOut(1_000_000, 1_000_000)).toEqual({ calls: 1, seenAtMs: 1_010_000 });
  });

  it('sees the end within max(1 s, 10%) when the estimate is short, the wait capped at the maximum interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 86_400_000 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (duration, shortShare) => {
          const expected = Math.floor(duration * (1 - shortShare));
          const { seenAtMs } = pollOut(duration, expected);
          const lag = seenAtMs - duration;
          const allowed = Math.max(
            Math.ceil(firstPollDueMs(expected)) - duration,
            OVERDUE_POLL_FLOOR_MS,
            Math.min(DEFAULT_POLLING_POLICY.maximumIntervalMs, Math.ceil(0.1 * seenAtMs)),
          );
          expect(lag).toBeGreaterThanOrEqual(0);
          expect(lag).toBeLessThanOrEqual(allowed);
        },
      ),
    );
  });

  it('costs a few more polls when the estimate is 30% short', () => {
    // From 0.7 T up to T by steps of 10% of the elapsed time: 0.7 -> 0.77 -> 0.85 -> 0.93 -> 1.03.
    expect(pollOut(100_000, 70_000).calls).toBe(5);
    // Past 600 s the 60 s maximum interval caps the step: 707 -> 778 -> 838 -> 898 -> 958 -> 1018 s.
    expect(pollOut(1_000_000, 700_000).calls).toBe(6);
  });

  it('waits at least the policy floor after a running answer, never more than the maximum interval', () => {
    const pacing = { initialIntervalMs: 2000, maximumIntervalMs: 60_000 };
    const at = (elapsed: number): number | null =>
      retryInAfterRunning({ expectedDurationMs: 1000, taskStartedAtMs: START, nowMs: START + elapsed }, pacing);
    expect(at(2000)).toBe(1000);
    expect(at(100_000)).toBe(10_000);
    expect(at(10_000_000)).toBe(60_000);
    // A quicker policy (tests) keeps its own smaller floor.
    expect(
      retryInAfterRunning(
        { expectedDurationMs: 10, taskStartedAtMs: START, nowMs: START + 300 },
        { initialIntervalMs: 10, maximumIntervalMs: 100 },
      ),
    ).toBe(30);
  });
});

describe('expectedBackupDurationMs', () => {
  const run = (start: string, end: string | null, status = 2) => ({
    startedAt: `2026-11-${start}Z`,
    endedAt: end === null ? null : `2026-11-${end}Z`,
    status,
  });

  it('is the median of the newest five finished backups', () => {
    const runs = [
      run('01T03:00:00', '01T03:01:40'), // 100 s, the oldest: left out
      run('02T03:00:00', '02T03:00:10'), // 10 s
      run('03T03:00:00', '03T03:00:20'), // 20 s
      run('04T03:00:00', '04T03:00:30'), // 30 s
      run('05T03:00:00', '05T03:16:40'), // 1000 s
      run('06T03:00:00', '06T03:00:40'), // 40 s
      run('07T03:00:00', null, 1), // in progress
    ];
    expect(expectedBackupDurationMs(runs)).toBe(30_000);
    expect(expectedBackupDurationMs(runs.slice(2, 6))).toBe(35_000);
  });

  it('is null when no backup has both times', () => {
    expect(expectedBackupDurationMs([])).toBeNull();
    expect(expectedBackupDurationMs([run('01T03:00:00', null), run('02T03:00:00', '02T03:00:10', 1)])).toBeNull();
    expect(
      expectedBackupDurationMs([{ startedAt: 'not a time', endedAt: '2026-11-01T00:00:00Z', status: 2 }]),
    ).toBeNull();
  });
});
