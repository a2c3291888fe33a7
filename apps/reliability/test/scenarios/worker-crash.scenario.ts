// The worker (every worker of the topology at once) SIGKILLed at seeded random moments while 50 exports
// run, and started again each time: every export still succeeds, and Tencent accepts exactly one
// ExportRedisBackup per backup.
import { expect, it } from 'vitest';
import { callsFor, tookEffect } from '../../src/call-stats';
import { delay } from '../../src/delay';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import { killAll, startAll } from '../../src/service-handle';
import { randomInt, seededRandom } from '../../src/seeded-random';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

const KILLS = 3;

export function workerCrashScenario(suite: () => ReliabilitySuite): void {
  it(`finishes all 50 exports when the worker is SIGKILLed ${KILLS} times mid-run`, async () => {
    const { rs, report, targets } = suite();
    const random = seededRandom(SEED + 1);
    const planned = targets('workerCrash');
    const recorder = await ScenarioRecorder.begin(rs, 'Worker crash');
    const started = await startExports(rs.api, planned);
    recorder.track(started.exportIds);
    const runningAtKill: number[] = [];
    const killedAfterMs: number[] = [];
    let terminal;
    try {
      for (let k = 0; k < KILLS; k++) {
        await delay(randomInt(random, 500, 3000));
        runningAtKill.push((await rs.temporal.workflow.count("ExecutionStatus = 'Running'")).count);
        killedAfterMs.push(recorder.elapsedMs);
        const exits = await killAll(rs.workers);
        expect(exits.map((exit) => exit.signal)).toEqual(rs.workers.map(() => 'SIGKILL'));
        recorder.kills += rs.workers.length;
        await delay(randomInt(random, 200, 1500));
        await startAll(rs.workers);
        recorder.restarts += rs.workers.length;
      }
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 240_000 });
    } finally {
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, { expectation: `${planned.length} SUCCEEDED`, terminal });
    recorder.notes.push(
      `SIGKILL at ${killedAfterMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} with ${runningAtKill.join(', ')} exports running`,
    );

    // Each kill hit exports in flight, or the scenario proves nothing.
    expect(runningAtKill.every((running) => running > 0)).toBe(true);
    expect(result.outcomes).toEqual({ SUCCEEDED: planned.length });
    for (const target of planned) {
      const exportCalls = callsFor(calls, 'ExportRedisBackup', target);
      expect(exportCalls.filter(tookEffect), `${target.backupId}: accepted exports`).toHaveLength(1);
      // A re-send after a crash (call made, result not recorded) is refused by Tencent, never a second export.
      expect(exportCalls.filter((call) => !tookEffect(call)).every((call) => call.code === 10711)).toBe(true);
    }
    expect(rs.unexpectedExits).toEqual([]);
    result.passed = true;
  });
}
