// Each Temporal server process SIGKILLed under load and started again (history+matching, then
// frontend+worker): the workers and the API ride it out, every export succeeds, none is exported twice.
import { expect, it } from 'vitest';
import { delay } from '../../src/delay';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { randomInt, seededRandom } from '../../src/seeded-random';
import { expectEachExportedOnce, seconds } from '../support/expectations';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

export function temporalKillScenario(suite: () => ReliabilitySuite): void {
  it('completes every export when each Temporal server process is SIGKILLed mid-run and started again', async () => {
    const { rs, report, targets } = suite();
    const random = seededRandom(SEED + 11);
    const planned = targets('temporalKill');
    const recorder = await ScenarioRecorder.begin(rs, 'Temporal SIGKILL');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    const runningAtKill: number[] = [];
    const moments: string[] = [];
    let terminal;
    try {
      for (const process of rs.temporalServer.processes) {
        await delay(randomInt(random, 1000, 2500));
        runningAtKill.push((await rs.temporal.workflow.count("ExecutionStatus = 'Running'")).count);
        const at = recorder.elapsedMs;
        const killedAt = Date.now();
        const exit = await process.kill('SIGKILL');
        expect(exit.signal).toBe('SIGKILL');
        recorder.kills++;
        await delay(randomInt(random, 1000, 3000));
        await process.start();
        recorder.restarts++;
        moments.push(
          `${process.name} at ${seconds(at)} (${runningAtKill.at(-1)} exports running), serving again after ${seconds(Date.now() - killedAt)}`,
        );
      }
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 180_000 });
    } finally {
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    recorder.notes.push(`SIGKILL of ${moments.join('; ')}`);

    // Each kill hit exports in flight, or the scenario proves nothing.
    expect(runningAtKill.every((running) => running > 0)).toBe(true);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    expectEachExportedOnce(calls, planned);
    expect(result.calls.duplicateExports).toBe(0);
    // The workers, the API and the other Temporal process rode it out: nothing had to restart them.
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
