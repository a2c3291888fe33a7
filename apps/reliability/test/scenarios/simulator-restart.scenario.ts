// The CRS simulator ("Tencent") SIGKILLed while export tasks run, and started again on its state file: its
// tasks carry on, the URLs it handed out before still download, every export succeeds and no backup is
// exported twice (its call log, kept beside the state file, still holds the calls before the restart).
import { expect, it } from 'vitest';
import { delay } from '../../src/delay';
import { tookEffect } from '../../src/call-stats';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { randomInt, seededRandom } from '../../src/seeded-random';
import { expectEachExportedOnce, seconds } from '../support/expectations';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

export function simulatorRestartScenario(suite: () => ReliabilitySuite): void {
  it('carries every export across a restart of the simulator: tasks, URLs and the call log persist', async () => {
    const { rs, report, targets } = suite();
    const random = seededRandom(SEED + 14);
    const early = targets('simulatorEarly');
    const spanning = targets('simulatorRestart');
    const recorder = await ScenarioRecorder.begin(rs, 'Simulator restart');
    let terminal;
    let downloads: number[] = [];
    let killedAt = 0;
    let downMs = 0;
    let urls: string[] = [];
    const exportIds: string[] = [];
    try {
      // Exports that end before the restart: their URLs must outlive it.
      const first = await startExports(rs.api, early);
      exportIds.push(...first.exportIds);
      recorder.track(exportIds);
      const finished = await waitUntilTerminal(rs.api, first.exportIds, { timeoutMs: 120_000 });
      urls = [...finished.byId.values()].flatMap((resource) =>
        (resource.files ?? []).flatMap((file) => file.extranetUrl ?? []),
      );
      const second = await startExports(rs.api, spanning);
      exportIds.push(...second.exportIds);
      recorder.track(exportIds);
      await delay(randomInt(random, 1500, 2500));
      killedAt = Date.now();
      const exit = await rs.simulatorService.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      recorder.kills++;
      await delay(randomInt(random, 1500, 3000));
      await rs.simulatorService.start();
      downMs = Date.now() - killedAt;
      recorder.restarts++;
      downloads = await Promise.all(
        urls.map(async (url) => {
          const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      terminal = await waitUntilTerminal(rs.api, exportIds, { timeoutMs: 180_000 });
      for (const resource of finished.byId.values()) terminal.byId.set(resource.exportId, resource);
    } finally {
      await recorder.cancelUnfinished();
    }
    const planned = [...early, ...spanning];
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    const before = calls.filter((call) => Date.parse(call.wallTime) < killedAt);
    const after = calls.filter((call) => Date.parse(call.wallTime) >= killedAt);
    const spanningIds = new Set(spanning.map((target) => target.backupId));
    const tasksAtKill = before.filter(
      (call) =>
        call.action === 'ExportRedisBackup' && tookEffect(call) && spanningIds.has(call.params['backupId'] ?? ''),
    ).length;
    recorder.notes.push(
      `simulator SIGKILLed with ${tasksAtKill} of ${spanning.length} export tasks started and started again on its state file after ${seconds(downMs)}; ` +
        `${downloads.filter((status) => status === 200).length} of ${urls.length} URLs handed out before the restart downloaded after it; ` +
        `its call log kept ${before.length} calls from before the restart and ${after.length} after`,
    );

    // Tasks were running at Tencent when it went down, or the restart proves nothing about them.
    expect(tasksAtKill).toBeGreaterThan(0);
    expect(urls.length).toBe(early.length);
    expect(downloads).toEqual(urls.map(() => 200));
    // The call log survived the restart: the calls before it are there, with sequence numbers carrying on.
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(calls.map((call) => call.seq)).toEqual([...calls.map((call) => call.seq)].sort((a, b) => a - b));
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expectEachExportedOnce(calls, planned);
    expect(result.calls.duplicateExports).toBe(0);
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
