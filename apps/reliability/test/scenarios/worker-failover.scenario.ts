// One of the two workers SIGKILLed while both share the exports, and left down: the other one carries on
// alone (the dead worker's attempts time out and run again on it) and every export succeeds, none twice.
import { expect, it } from 'vitest';
import { hostname } from 'node:os';
import { delay } from '../../src/delay';
import { mapConcurrently, startExports, waitUntilTerminal } from '../../src/export-driver';
import { taskIdentities } from '../../src/history-stats';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { randomInt, seededRandom } from '../../src/seeded-random';
import { expectEachExportedOnce, seconds } from '../support/expectations';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

export function workerFailoverScenario(suite: () => ReliabilitySuite): void {
  it('finishes every export on the remaining worker when the other is SIGKILLed and stays down', async () => {
    const { rs, report, targets } = suite();
    const [survivor, victim] = rs.workers;
    if (!survivor || !victim) throw new Error('the worker failover scenario needs two workers');
    const identity = (pid: number | null): string => `${pid ?? '?'}@${hostname()}`;
    const victimIdentity = identity(victim.pid());
    const survivorIdentity = identity(survivor.pid());
    const random = seededRandom(SEED + 13);
    const planned = targets('workerFailover');
    const recorder = await ScenarioRecorder.begin(rs, 'Worker failover');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    let running = 0;
    let killedAtMs = 0;
    let aloneMs = 0;
    let terminal;
    try {
      await delay(randomInt(random, 1000, 2000));
      running = (await rs.temporal.workflow.count("ExecutionStatus = 'Running'")).count;
      killedAtMs = recorder.elapsedMs;
      const exit = await victim.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      recorder.kills++;
      const killedAt = Date.now();
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 180_000 });
      aloneMs = Date.now() - killedAt;
      // Every export ended while the victim was down: the survivor did it alone.
      expect(victim.running()).toBe(false);
    } finally {
      await recorder.cancelUnfinished();
      if (!victim.running()) {
        await victim.start();
        recorder.restarts++;
      }
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    const identities = await mapConcurrently(started.exportIds, 8, async (id) =>
      taskIdentities(await rs.temporal.workflow.getHandle(id).fetchHistory()),
    );
    const sharedWithVictim = identities.filter((ids) => ids.has(victimIdentity)).length;
    const finishedBySurvivor = identities.filter((ids) => ids.has(survivorIdentity)).length;
    recorder.notes.push(
      `${victim.name} SIGKILLed at ${seconds(killedAtMs)} with ${running} exports running; ${sharedWithVictim} of the exports had tasks on it, ${finishedBySurvivor} on ${survivor.name}, which finished them all alone in ${seconds(aloneMs)}`,
    );

    // Both workers had work before the kill, or "the other carries on" proves nothing.
    expect(running).toBeGreaterThan(0);
    expect(sharedWithVictim).toBeGreaterThan(0);
    expect(finishedBySurvivor).toBe(planned.length);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expectEachExportedOnce(calls, planned);
    expect(result.calls.duplicateExports).toBe(0);
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
