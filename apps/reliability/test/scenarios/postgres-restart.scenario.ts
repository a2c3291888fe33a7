// PostgreSQL restarted under load (a fast shutdown, then a start on the same data): the Temporal processes
// keep running and reconnect, and every export succeeds, none exported twice.
import { expect, it } from 'vitest';
import { delay } from '../../src/delay';
import type { ApiAnswer } from '../../src/export-api';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { clusterProcess } from '../../src/service-handle';
import { randomInt, seededRandom } from '../../src/seeded-random';
import { expectEachExportedOnce, seconds } from '../support/expectations';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

export function postgresRestartScenario(suite: () => ReliabilitySuite): void {
  it('completes every export across a restart of PostgreSQL, the Temporal processes staying up', async () => {
    const { rs, report, targets } = suite();
    if (!rs.cluster) throw new Error('the PostgreSQL scenario needs the production topology');
    const postgres = clusterProcess(rs.cluster, 'postgres');
    const random = seededRandom(SEED + 12);
    const planned = targets('postgresRestart');
    const recorder = await ScenarioRecorder.begin(rs, 'PostgreSQL restart');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    let running = 0;
    let downMs = 0;
    let whileDown: ApiAnswer | Error | null = null;
    let terminal;
    try {
      await delay(randomInt(random, 1000, 2500));
      running = (await rs.temporal.workflow.count("ExecutionStatus = 'Running'")).count;
      const stoppedAt = Date.now();
      const exit = await postgres.stop();
      // A fast shutdown, not the supervisor's SIGKILL.
      expect(exit).toMatchObject({ code: 0, signal: null });
      recorder.kills++;
      // Asked while the database is down; it may be answered only once it is back.
      const asked = rs.api
        .request({
          method: 'GET',
          path: `/exports/${encodeURIComponent(started.exportIds[0] ?? '')}`,
          headers: rs.api.authHeaders(),
          timeoutMs: 30_000,
          repeatable: true,
        })
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      await delay(randomInt(random, 3000, 6000));
      await postgres.start();
      downMs = Date.now() - stoppedAt;
      recorder.restarts++;
      whileDown = await asked;
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 180_000 });
    } finally {
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    recorder.notes.push(
      `PostgreSQL down for ${seconds(downMs)} with ${running} exports running; a GET meanwhile answered ${whileDown instanceof Error ? `nothing (${whileDown.message})` : (whileDown?.status ?? '?')}`,
    );

    expect(running).toBeGreaterThan(0);
    // Whatever Temporal knew, the API answered (an export, or a 503 problem), never a 5xx of its own.
    if (!(whileDown instanceof Error)) expect([200, 503]).toContain(whileDown?.status);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expectEachExportedOnce(calls, planned);
    expect(result.calls.duplicateExports).toBe(0);
    // History and the frontend reconnected to the database by themselves.
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
