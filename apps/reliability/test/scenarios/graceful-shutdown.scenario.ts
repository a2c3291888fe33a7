// SIGTERM to the worker while its activities wait on slow CRS calls: the worker lets them finish within
// its grace time and exits cleanly; started again, it brings every export to its end.
import { expect, it } from 'vitest';
import { delay } from '../../src/delay';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import type { ReliabilitySuite } from '../support/reliability-suite';

/** Every CRS call takes this long (far under the suite's 4 s CRS timeout), so that activities are mid-call at SIGTERM. */
const CALL_LATENCY_MS = 800;

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
      await delay(CALL_LATENCY_MS / 2);
      sigtermAt = Date.now();
      const exit = await rs.stack.stopService('worker');
      stopMs = Date.now() - sigtermAt;
      recorder.kills++;
      // Exit 0 on its own, before the supervisor's SIGKILL (15 s).
      expect(exit).toMatchObject({ code: 0, signal: null });
      await delay(1000);
      await rs.stack.startService('worker');
      recorder.restarts++;
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 120_000 });
    } finally {
      await rs.simulator.clearFaults();
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    // Calls the worker was waiting on when SIGTERM arrived (the simulator logs arrival time and duration).
    const inFlight = calls.filter(
      (call) => Date.parse(call.time) <= sigtermAt && Date.parse(call.time) + call.durationMs >= sigtermAt,
    );
    const retried = Object.entries(result.attempts.retriesByType).filter(
      ([type, n]) => !type.startsWith('poll') && n > 0,
    );
    recorder.notes.push(
      `SIGTERM with ${inFlight.length} CRS calls in flight; the worker exited 0 after ${(stopMs / 1000).toFixed(1)} s; activities retried: ${retried.length === 0 ? 'none' : retried.map(([type, n]) => `${type} ${n}`).join(', ')}`,
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
