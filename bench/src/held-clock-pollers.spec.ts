// The held-clock pollers against the simulator: the predictive one makes the product's 7 calls and sees the end
// within the margin; without history it is the backoff; 30% short it costs a few polls and keeps the lag small.
import { describe, expect, it } from 'vitest';
import { runHeldClockPollers, type PollerPoint } from './held-clock-pollers';
import { callBudget } from './poll-schedule';

describe('held-clock pollers', () => {
  it('meet the budget with the history, fall back to the backoff without, and stay near 10% when it is short', async () => {
    const points = await runHeldClockPollers([10, 100]);
    const point = (poller: PollerPoint['poller'], seconds: number): PollerPoint | undefined =>
      points.find((candidate) => candidate.poller === poller && candidate.taskSeconds === seconds);
    for (const seconds of [10, 100]) {
      const predictive = point('predictive (project schedule)', seconds);
      expect(predictive).toMatchObject({ polls: 1, crsCalls: 7 });
      expect(predictive?.crsCalls).toBeLessThanOrEqual(callBudget(seconds));
      expect(predictive?.endLagSeconds).toBeLessThanOrEqual(seconds / 10);
      expect(predictive?.callsByAction).toMatchObject({ DescribeInstances: 1, DescribeInstanceBackups: 2 });
      // The instance's first backup: the backoff's polls, as the plain poller makes them.
      expect(point('predictive, no history (first backup)', seconds)?.polls).toBe(
        point('same poller, project backoff', seconds)?.polls,
      );
      const short = point('predictive, estimate 30% short', seconds);
      expect(short?.polls).toBeGreaterThan(1);
      expect(short?.endLagSeconds).toBeLessThanOrEqual(Math.max(1, seconds / 10) + 0.5);
    }
  });
});
