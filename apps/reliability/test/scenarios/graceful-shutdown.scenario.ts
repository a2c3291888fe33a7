// SIGTERM to the worker (every worker of the topology at once) while its activities wait on slow CRS calls:
// each worker lets them finish within its grace time and exits cleanly; started again, they bring every
// export to its end.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { expect, it } from 'vitest';
import { delay, pollUntil } from '../../src/delay';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { startAll, stopAll } from '../../src/service-handle';
import type { ReliabilitySuite } from '../support/reliability-suite';

/** Every CRS call takes this long (far under the suite's 4 s CRS timeout), so that activities are mid-call at SIGTERM. */
const CALL_LATENCY_MS = 800;

const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/** Whether any of the exports has an activity a worker has picked up and not finished. */
async function activityStarted(client: Client, exportIds: readonly string[]): Promise<boolean> {
  const described = await Promise.all(exportIds.map((id) => client.workflow.getHandle(id).describe()));
  return described.some((d) => (d.raw.pendingActivities ?? []).some((activity) => activity.state === STARTED));
}

export function gracefulShutdownScenario(suite: () => ReliabilitySuite): void {
  it('lets running activities finish on SIGTERM, exits cleanly, and every export ends after a restart', async () => {
    const { rs, report, targets } = suite();
    const planned = targets('gracefulShutdown');
    const recorder = await ScenarioRecorder.begin(rs, 'Graceful shutdown');
    await rs.simulator.setFaults({ '*': { latencyMs: CALL_LATENCY_MS } });
    let terminal;
    let sigtermAt = 0;
    let stopMs = 0;
    try {
      const started = await startExports(rs.api, planned);
      recorder.track(started.exportIds);
      // SIGTERM once a worker runs an activity (so it waits on a slow CRS call), not after a fixed delay: on a
      // loaded machine the first activities may start seconds after the POSTs were answered.
      await pollUntil(
        'an activity running on a worker',
        async () => ((await activityStarted(rs.temporal, started.exportIds)) ? true : undefined),
        {
          timeoutMs: 60_000,
          intervalMs: 50,
        },
      );
      sigtermAt = Date.now();
      const exits = await stopAll(rs.workers);
      stopMs = Date.now() - sigtermAt;
      recorder.kills += rs.workers.length;
      // Exit 0 on its own, before the supervisor's SIGKILL (15 s).
      for (const exit of exits) expect(exit).toMatchObject({ code: 0, signal: null });
      await delay(1000);
      await startAll(rs.workers);
      recorder.restarts += rs.workers.length;
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 120_000 });
    } finally {
      await rs.simulator.clearFaults();
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    // Calls the worker was waiting on when SIGTERM arrived (the simulator logs arrival time and duration).
    const inFlight = calls.filter(
      (call) => Date.parse(call.wallTime) <= sigtermAt && Date.parse(call.wallTime) + call.durationMs >= sigtermAt,
    );
    const retried = Object.entries(result.attempts.retriesByType).filter(
      ([type, n]) => !type.startsWith('poll') && n > 0,
    );
    recorder.notes.push(
      `SIGTERM to ${rs.workers.length} worker(s) with ${inFlight.length} CRS calls in flight; they exited 0 after ${(stopMs / 1000).toFixed(1)} s; activities retried: ${retried.length === 0 ? 'none' : retried.map(([type, n]) => `${type} ${n}`).join(', ')}`,
    );

    // SIGTERM arrived while activities waited on CRS calls, or the scenario proves nothing.
    expect(inFlight.length).toBeGreaterThan(0);
    // Those activities finished inside the grace time: no second attempt of any CRS call activity.
    expect(retried).toEqual([]);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
