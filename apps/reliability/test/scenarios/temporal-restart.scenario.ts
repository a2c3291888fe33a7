// Temporal stopped gracefully and started again mid-run (the dev server on its SQLite file, or the cluster's
// frontend and history processes on PostgreSQL): the API answers 503 problems while it is down, the workers
// and the API reconnect, and every export completes.
import { expect, it } from 'vitest';
import type { ApiAnswer } from '../../src/export-api';
import { callsFor, tookEffect } from '../../src/call-stats';
import { delay } from '../../src/delay';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { problemShapeProblems } from '../../src/response-conformance';
import type { OpenApiDocument } from '../../src/openapi-schema';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import type { ReliabilitySuite } from '../support/reliability-suite';

export function temporalRestartScenario(suite: () => ReliabilitySuite): void {
  it('completes every export across a restart of the Temporal server, answering 503 while it is down', async () => {
    const { rs, report, targets } = suite();
    const planned = targets('temporalRestart');
    const doc = (await rs.api.request({ method: 'GET', path: '/openapi.json', headers: {} })).json as OpenApiDocument;
    const recorder = await ScenarioRecorder.begin(rs, 'Temporal restart');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    let whileDown: ApiAnswer | null = null;
    let downMs = 0;
    let stopMs = 0;
    let whileDownMs = 0;
    let terminal;
    try {
      await delay(1500);
      const stoppedAt = Date.now();
      await rs.temporalServer.stop();
      stopMs = Date.now() - stoppedAt;
      recorder.kills += rs.temporalServer.processes.length;
      const askedAt = Date.now();
      whileDown = await rs.api.request({
        method: 'GET',
        path: `/exports/${encodeURIComponent(started.exportIds[0] ?? '')}`,
        headers: rs.api.authHeaders(),
        timeoutMs: 20_000,
      });
      whileDownMs = Date.now() - askedAt;
      await rs.temporalServer.start();
      downMs = Date.now() - stoppedAt;
      recorder.restarts += rs.temporalServer.processes.length;
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 180_000 });
    } finally {
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    recorder.notes.push(
      `Temporal down for ${(downMs / 1000).toFixed(1)} s (its stop took ${(stopMs / 1000).toFixed(1)} s); GET while down answered ${whileDown?.status ?? 'nothing'} after ${(whileDownMs / 1000).toFixed(1)} s`,
    );

    expect(whileDown?.status).toBe(503);
    if (whileDown) expect(problemShapeProblems(doc, whileDown)).toEqual([]);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    for (const target of planned)
      expect(callsFor(calls, 'ExportRedisBackup', target).filter(tookEffect)).toHaveLength(1);
    // The worker and the API rode out the outage themselves: nothing had to restart them.
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
