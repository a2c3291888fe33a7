// Polls add no history events: an export that polled once and one that polled 20 times have histories of
// the same length. Prints the figures: npx vitest run --project worker test/history-size.spec.ts
import { ManualClock } from '@crs-export/crs-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExportHarness, outcomeOf, type ExportHarness } from './support/export-harness';
import { useExportScenario } from './support/export-scenario';
import { saveHistoryFixture } from './support/history-fixtures';

/** The simulator's clock only moves when the test says so: the task ends exactly when wanted. */
const clock = new ManualClock();
const EXPORT_DURATION_MS = 60_000;
/** Constant 100 ms between polls (the dev server runs retries about once a second at the quickest). */
const STEADY_POLLS = { initialIntervalMs: 100, backoffCoefficient: 1, maximumIntervalMs: 100, deadlineMs: 120_000 };

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness({ simulator: { clock } });
});
afterAll(async () => harness?.close());

async function exportPolling(polls: number): Promise<{ polls: number; events: number }> {
  const target = useExportScenario(harness.sim, { exportDurationMs: polls === 1 ? 0 : EXPORT_DURATION_MS });
  return harness.run(
    target,
    async (handle) => {
      if (polls > 1) await finishTaskAtPoll(polls);
      const status = await outcomeOf(handle);
      expect(status.state).toBe('SUCCEEDED');
      await saveHistoryFixture(`polled-${polls}`, handle);
      const history = await handle.fetchHistory();
      return { polls: status.polls, events: history.events?.length ?? 0 };
    },
    STEADY_POLLS,
  );
}

/** After poll n-1 answered "running", the clock jumps past the task's end, so poll n sees it done. */
async function finishTaskAtPoll(n: number): Promise<void> {
  while (harness.sim.calls({ action: 'DescribeTaskInfo' }).length < n - 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  clock.advance(EXPORT_DURATION_MS);
}

describe('the history of an export', () => {
  it('has as many events after 20 polls as after one', { timeout: 90_000 }, async () => {
    const once = await exportPolling(1);
    const twenty = await exportPolling(20);
    process.stdout.write(
      `history events: ${once.events} after ${once.polls} poll(s), ${twenty.events} after ${twenty.polls} polls\n`,
    );
    expect(once.polls).toBe(1);
    expect(twenty.polls).toBe(20);
    expect(twenty.events).toBe(once.events);
  });
});
