// One of the two API replicas SIGKILLed while exports are started and followed through both: every request
// is answered by the other (the driver fails over as a load balancer would), every export succeeds, and the
// replica serves again once it is back.
import { expect, it } from 'vitest';
import type { ReplicaStats } from '../../src/export-api';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { expectEachExportedOnce } from '../support/expectations';
import type { ReliabilitySuite } from '../support/reliability-suite';

function answeredSince(before: ReplicaStats, after: ReplicaStats, url: string): number {
  return (after.answeredBy[url] ?? 0) - (before.answeredBy[url] ?? 0);
}

export function apiFailoverScenario(suite: () => ReliabilitySuite): void {
  it('serves every request through the remaining API replica while the other is down, and both after', async () => {
    const { rs, report, targets } = suite();
    const [keptUrl, downUrl] = rs.api.replicas;
    const down = rs.apis[1];
    if (!keptUrl || !downUrl || !down) throw new Error('the API failover scenario needs two API replicas');
    const planned = targets('apiFailover');
    const half = Math.floor(planned.length / 2);
    const recorder = await ScenarioRecorder.begin(rs, 'API replica down');
    const atStart = rs.api.replicaStats();
    const before = await startExports(rs.api, planned.slice(0, half));
    const bothUp = rs.api.replicaStats();
    let whileDown: ReplicaStats | null = null;
    let restarted: ReplicaStats | null = null;
    let afterRestart: ReplicaStats | null = null;
    const exportIds = [...before.exportIds];
    recorder.track(exportIds);
    let terminal;
    try {
      const exit = await down.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      recorder.kills++;
      const downAt = rs.api.replicaStats();
      const after = await startExports(rs.api, planned.slice(half));
      exportIds.push(...after.exportIds);
      recorder.track(exportIds);
      terminal = await waitUntilTerminal(rs.api, exportIds, { timeoutMs: 180_000 });
      whileDown = rs.api.replicaStats();
      expect(answeredSince(downAt, whileDown, downUrl)).toBe(0);
      expect(whileDown.failovers - downAt.failovers).toBeGreaterThan(0);
      await down.start();
      recorder.restarts++;
      restarted = rs.api.replicaStats();
      await Promise.all(exportIds.map((id) => rs.api.getExport(id)));
      afterRestart = rs.api.replicaStats();
      expect(answeredSince(restarted, afterRestart, downUrl)).toBeGreaterThan(0);
      expect(answeredSince(restarted, afterRestart, keptUrl)).toBeGreaterThan(0);
    } finally {
      await recorder.cancelUnfinished();
      if (!down.running()) await down.start();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    recorder.notes.push(
      `before the kill ${answeredSince(atStart, bothUp, keptUrl)}/${answeredSince(atStart, bothUp, downUrl)} requests on ${rs.apis[0]?.name}/${down.name}; ` +
        `while ${down.name} was down ${whileDown ? answeredSince(bothUp, whileDown, keptUrl) : '?'} on ${rs.apis[0]?.name}, ${whileDown ? whileDown.failovers - bothUp.failovers : '?'} of them after a refused connection; ` +
        `after its restart ${restarted && afterRestart ? answeredSince(restarted, afterRestart, downUrl) : '?'} of ${exportIds.length} GETs on it again`,
    );

    // Both replicas served before the kill: the driver really spreads the requests.
    expect(answeredSince(atStart, bothUp, keptUrl)).toBeGreaterThan(0);
    expect(answeredSince(atStart, bothUp, downUrl)).toBeGreaterThan(0);
    expect(new Set(exportIds).size).toBe(planned.length);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expectEachExportedOnce(calls, planned);
    expect(result.calls.duplicateExports).toBe(0);
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
