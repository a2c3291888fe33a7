// The poll schedules the polling benchmark compares, and the budget.
import { DEFAULT_POLLING_POLICY } from '@crs-export/contracts';
import { describe, expect, it } from 'vitest';
import { callBudget, FIXED_10S, intervalAfter, modelPolls } from './poll-schedule';

describe('poll schedules', () => {
  it("grows the project's interval by its coefficient up to the cap", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((poll) => intervalAfter(poll, DEFAULT_POLLING_POLICY));
    expect(waits).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(intervalAfter(5, FIXED_10S)).toBe(10_000);
  });

  it('polls until the first poll at or after the end of the task', () => {
    // At 0, 2, 6, 14 s: the fourth poll sees a 10 s task done.
    expect(modelPolls(10_000, DEFAULT_POLLING_POLICY)).toEqual({ polls: 4, detectedAtMs: 14_000 });
    expect(modelPolls(100_000, FIXED_10S)).toEqual({ polls: 11, detectedAtMs: 100_000 });
    expect(modelPolls(0, FIXED_10S)).toEqual({ polls: 1, detectedAtMs: 0 });
  });

  it('budgets 5 + log2(T / 2 s) calls', () => {
    expect(callBudget(2)).toBe(5);
    expect(callBudget(1024)).toBe(14);
  });
});
