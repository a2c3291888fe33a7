// The workers and the Temporal server (both processes) SIGKILLed together and kept down for longer than
// every activity attempt timeout (RELIABILITY_OUTAGE_MS, default a minute: a third of the suite's export
// deadline, as hours are of the 6 h default): every attempt in flight times out, and once they are back
// every export still succeeds, because no activity bound is shorter than the export's deadline.
import { expect, it } from 'vitest';
import { delay } from '../../src/delay';
import type { ApiAnswer } from '../../src/export-api';
import { mapConcurrently, startExports, waitUntilTerminal } from '../../src/export-driver';
import { activityBounds } from '../../src/history-stats';
import { SUITE_ENV } from '../../src/reliability-stack';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { killAll, startAll } from '../../src/service-handle';
import { randomInt, seededRandom } from '../../src/seeded-random';
import { expectEachExportedOnce, seconds } from '../support/expectations';
import { SEED, SETTINGS, type ReliabilitySuite } from '../support/reliability-suite';

export function longOutageScenario(suite: () => ReliabilitySuite): void {
  it(`completes every export after the workers and Temporal are down together for ${seconds(SETTINGS.longOutageMs)}`, async () => {
    const { rs, report, targets } = suite();
    const random = seededRandom(SEED + 15);
    const planned = targets('longOutage');
    const deadlineMs = Number(SUITE_ENV['EXPORT_DEADLINE_MS']);
    const recorder = await ScenarioRecorder.begin(rs, 'Long outage');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    let running = 0;
    let downMs = 0;
    let whileDown: ApiAnswer | null = null;
    let terminal;
    try {
      await delay(randomInt(random, 1500, 2500));
      running = (await rs.temporal.workflow.count("ExecutionStatus = 'Running'")).count;
      const downAt = Date.now();
      await Promise.all([killAll(rs.workers), rs.temporalServer.kill()]);
      recorder.kills += rs.workers.length + rs.temporalServer.processes.length;
      whileDown = await rs.api.request({
        method: 'GET',
        path: `/exports/${encodeURIComponent(started.exportIds[0] ?? '')}`,
        headers: rs.api.authHeaders(),
        timeoutMs: 30_000,
        repeatable: true,
      });
      await delay(Math.max(0, SETTINGS.longOutageMs - (Date.now() - downAt)));
      await rs.temporalServer.start();
      await startAll(rs.workers);
      downMs = Date.now() - downAt;
      recorder.restarts += rs.workers.length + rs.temporalServer.processes.length;
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 240_000 });
    } finally {
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    const histories = await mapConcurrently(started.exportIds, 8, (id) =>
      rs.temporal.workflow.getHandle(id).fetchHistory(),
    );
    const bounds = activityBounds(histories);
    recorder.notes.push(
      `${rs.workers.length} worker(s) and ${rs.temporalServer.processes.map((p) => p.name).join(' + ')} down for ${seconds(downMs)} with ${running} exports running ` +
        `(GET meanwhile: ${whileDown?.status ?? '?'}); the activities' longest attempt timeout is ${seconds(bounds.longestAttemptTimeoutMs)}, ` +
        `their shortest retry bound (scheduleToClose) ${bounds.shortestScheduleToCloseMs === null ? 'none' : seconds(bounds.shortestScheduleToCloseMs)} ` +
        `against the export deadline of ${seconds(deadlineMs)}; attempt limits: ${bounds.attemptLimited.length === 0 ? 'none' : bounds.attemptLimited.join(', ')}`,
    );

    expect(running).toBeGreaterThan(0);
    expect(whileDown?.status).toBe(503);
    // The outage outlasted every attempt: each one in flight timed out while nothing ran.
    expect(bounds.activities).toBeGreaterThan(0);
    expect(downMs).toBeGreaterThan(bounds.longestAttemptTimeoutMs);
    // What lets them survive: no activity gives up before the export's deadline, by time or by count.
    expect(bounds.shortestScheduleToCloseMs ?? Infinity).toBeGreaterThanOrEqual(deadlineMs);
    expect(bounds.attemptLimited).toEqual([]);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expectEachExportedOnce(calls, planned);
    expect(result.calls.duplicateExports).toBe(0);
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
