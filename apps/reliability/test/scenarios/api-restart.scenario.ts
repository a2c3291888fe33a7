// The API (every replica) restarted while exports run: nothing is lost (each export answers GET, the list has them all),
// asking again for a running export returns it instead of a second one, and all complete. Three exports
// are held by the simulator's clock until their second POST has been answered, so "still running" is a
// fact of the test, not a race with the machine's speed.
import { expect, it } from 'vitest';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { startAll, stopAll } from '../../src/service-handle';
import type { ReliabilitySuite } from '../support/reliability-suite';

export function apiRestartScenario(suite: () => ReliabilitySuite): void {
  it('keeps every export across an API restart: GET, list and repeated POST work after it', async () => {
    const { rs, report, targets } = suite();
    const held = targets('apiRestartHeld');
    const listedGroup = targets('apiRestart');
    const planned = [...listedGroup, ...held];
    const recorder = await ScenarioRecorder.begin(rs, 'API restart');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    let terminal;
    try {
      await stopAll(rs.apis);
      await startAll(rs.apis);
      recorder.restarts += rs.apis.length;

      const afterRestart = await Promise.all(started.exportIds.map((id) => rs.api.getExport(id)));
      expect(afterRestart.map((resource) => resource.exportId)).toEqual(started.exportIds);
      // A backup whose export is still running gets that export back (200), never a second one.
      const again = await startExports(rs.api, held);
      expect(again.created).toBe(0);
      expect(again.exportIds).toEqual(started.exportIds.slice(-held.length));
      const listed = await rs.api.request({
        method: 'GET',
        path: `/exports?redisId=${listedGroup[0]?.redisId ?? ''}&limit=100`,
        headers: rs.api.authHeaders(),
      });
      expect(listed.status).toBe(200);
      expect((listed.json as { items: { exportId: string }[] }).items.map((item) => item.exportId).sort()).toEqual(
        started.exportIds.slice(0, listedGroup.length).sort(),
      );

      await rs.simulator.advance(3_600_000);
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 120_000 });
    } finally {
      await recorder.cancelUnfinished();
    }
    const { result } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    recorder.notes.push(`the ${held.length} re-sent POSTs of running exports each got that export back (200)`);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
