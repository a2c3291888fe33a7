// Measures one scenario on the running stack: its calls (by call-log sequence), its exports' histories,
// outcomes, kills, restarts and duration, and hands the row to the report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallRecord } from '@crs-export/crs-simulator';
import { callsAfter, callStats } from './call-stats';
import { countStates, mapConcurrently, type TerminalExports } from './export-driver';
import { activityAttempts, addAttempts, type ActivityAttempts } from './history-stats';
import type { ReliabilityReport, ScenarioResult } from './reliability-report';
import type { ReliabilityStack } from './reliability-stack';

export interface FinishedScenario {
  result: ScenarioResult;
  /** The simulator calls made during the scenario, oldest first. */
  calls: CallRecord[];
}

export class ScenarioRecorder {
  kills = 0;
  restarts = 0;
  readonly notes: string[] = [];
  private exportIds: string[] = [];

  private constructor(
    readonly name: string,
    private readonly rs: ReliabilityStack,
    private readonly fromSeq: number,
    private readonly startedAt: number,
  ) {}

  static async begin(rs: ReliabilityStack, name: string): Promise<ScenarioRecorder> {
    return new ScenarioRecorder(name, rs, await rs.simulator.lastSeq(), Date.now());
  }

  /** The scenario's exports, for cancelUnfinished(). */
  track(exportIds: readonly string[]): readonly string[] {
    this.exportIds = [...exportIds];
    return exportIds;
  }

  /**
   * Call in `finally`: after a failure, exports still running are cancelled so that they do not spill into
   * the next scenario's calls; a finished export answers 409, which is fine.
   */
  async cancelUnfinished(): Promise<void> {
    await mapConcurrently(this.exportIds, 8, async (id) => {
      await this.rs.api
        .request({
          method: 'POST',
          path: `/exports/${encodeURIComponent(id)}/cancel`,
          headers: this.rs.api.jsonHeaders(),
          body: '{"reason":"reliability scenario ended"}',
          repeatable: true,
        })
        .catch(() => undefined);
    });
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  async finish(
    report: ReliabilityReport,
    options: { expectation: string; terminal: TerminalExports },
  ): Promise<FinishedScenario> {
    const durationMs = this.elapsedMs;
    const calls = callsAfter(await this.rs.simulator.calls(), this.fromSeq);
    // For the post-mortem: the scenario's calls beside the logs of the run.
    const slug = this.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    writeFileSync(join(this.rs.workDir, `calls-${slug}.json`), JSON.stringify(calls, null, 1));
    const ids = [...options.terminal.byId.keys()];
    const perExport = await mapConcurrently(ids, 8, async (id) =>
      activityAttempts(await this.rs.temporal.workflow.getHandle(id).fetchHistory()),
    );
    const attempts = perExport.reduce<ActivityAttempts>((sum, one) => addAttempts(sum, one), {
      scheduled: 0,
      retriesByType: {},
    });
    const result = report.add({
      name: this.name,
      exports: ids.length,
      expectation: options.expectation,
      outcomes: countStates(options.terminal.byId.values()),
      kills: this.kills,
      restarts: this.restarts,
      calls: callStats(calls),
      attempts,
      durationMs,
      passed: false,
      notes: this.notes,
    });
    return { result, calls };
  }
}
