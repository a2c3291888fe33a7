// Benchmark 2: one export at a time through Temporal (workflow, worker, activities) against a plain script
// making the same CRS calls in sequence through the same API 3.0 client, both with Tencent's per-account rate
// limits on; the difference is Temporal's overhead. The histories say how many tasks each export dispatched
// and how long each waited between scheduled and started (eager activity dispatch: about 0 ms).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { CrsBackend, ExportStatus, ExportTarget, PollingPolicy } from '@crs-export/contracts';
import type { CrsSimulator } from '@crs-export/crs-simulator';
import { targetOf } from './bench-scenario';
import { dispatchSummary, type DispatchSummary } from './history-waits';
import { summarize, type Distribution } from './percentiles';
import { scriptBackend } from './script-backend';
import { startExportWorkflow } from './workflow-runs';

export interface E2eOverheadOptions {
  client: Client;
  taskQueue: string;
  simulator: CrsSimulator;
  /** Group codes of the scenario: script exports and workflow exports use separate backups. */
  scriptCode: string;
  workflowCode: string;
  pairs: number;
  warmupPairs: number;
  polling: PollingPolicy;
  log: (line: string) => void;
}

export interface TaskKindWaits {
  /** Per export. */
  count: Distribution;
  /** Per export: their total wait. */
  totalWaitMs: Distribution;
  /** Per task, over all exports. */
  waitPerTaskMs: Distribution;
}

export interface E2eOverheadResult {
  pairs: number;
  polling: PollingPolicy;
  rateLimits: string;
  /** The plain script, first call to URLs in hand. */
  scriptMs: Distribution;
  /** Through Temporal: workflow.start() called to handle.result() returned (what a client waits). */
  workflowMs: Distribution;
  /** Workflow run as the server saw it: close time minus start time. */
  workflowServerMs: Distribution;
  /** Per pair (run back to back, order alternating): workflowMs - scriptMs. */
  overheadMs: Distribution;
  /** Per pair: workflowServerMs - scriptMs. */
  serverOverheadMs: Distribution;
  historyEventsPerExport: Distribution;
  /** CRS calls per export as the simulator logged them: the same on both sides. */
  crsCallsPerScriptExport: Distribution;
  crsCallsPerWorkflowExport: Distribution;
  workflowTasks: TaskKindWaits;
  activityTasks: TaskKindWaits;
  /** Activities (first attempts) that started within 2 ms of being scheduled, over all activities: eager dispatch. */
  immediateActivityShare: number;
  /** Per activity type: median wait, scheduled to started. */
  activityWaitByType: Record<string, number>;
}

/** The activities' calls, in order, as one script: validate, then the files (polled on the same schedule). */
async function scriptExport(backend: CrsBackend, target: ExportTarget, polling: PollingPolicy): Promise<number> {
  const started = performance.now();
  const instance = await backend.findInstance(target);
  if (!instance?.running) throw new Error(`no running instance ${target.redisId}`);
  const backup = await backend.findBackup(target);
  if (!backup || ![2, 3, 4].includes(backup.status)) throw new Error(`backup ${target.backupId} not exportable`);
  await backend.backupDetail(target);
  let interval = polling.initialIntervalMs;
  for (let poll = 1; ; poll += 1) {
    const answer = await backend.backupFiles(target);
    if (answer.ready) break;
    if (poll >= 10_000) throw new Error(`backup ${target.backupId} still not ready after ${poll} polls`);
    await sleep(interval);
    interval = Math.min(interval * polling.backoffCoefficient, polling.maximumIntervalMs);
  }
  return performance.now() - started;
}

interface WorkflowRun {
  clientMs: number;
  serverMs: number;
  historyEvents: number;
  dispatch: DispatchSummary;
}

async function workflowExport(options: E2eOverheadOptions, target: ExportTarget): Promise<WorkflowRun> {
  const started = performance.now();
  const handle = await startExportWorkflow(options.client, options.taskQueue, target, options.polling);
  const status = (await handle.result()) as ExportStatus;
  const clientMs = performance.now() - started;
  if (status.state !== 'SUCCEEDED') throw new Error(`export ${handle.workflowId} ended ${status.state}`);
  const description = await handle.describe();
  const closeTime = description.closeTime?.getTime() ?? Number.NaN;
  return {
    clientMs,
    serverMs: closeTime - description.startTime.getTime(),
    historyEvents: description.historyLength,
    dispatch: dispatchSummary((await handle.fetchHistory()).events ?? []),
  };
}

function callsOf(simulator: CrsSimulator, redisIds: readonly string[]): number[] {
  const counts = new Map(redisIds.map((id) => [id, 0]));
  for (const call of simulator.calls({ api: 'v3' })) {
    const id = call.params['InstanceId'];
    if (id !== undefined && counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return redisIds.map((id) => counts.get(id) ?? 0);
}

function kindWaits(runs: readonly WorkflowRun[], kind: 'workflow' | 'activity'): TaskKindWaits {
  const tasksOf = (run: WorkflowRun) => run.dispatch.tasks.filter((task) => task.kind === kind);
  return {
    count: summarize(runs.map((run) => tasksOf(run).length)),
    totalWaitMs: summarize(runs.map((run) => tasksOf(run).reduce((total, task) => total + task.waitMs, 0))),
    waitPerTaskMs: summarize(runs.flatMap((run) => tasksOf(run).map((task) => task.waitMs))),
  };
}

export async function runE2eOverhead(options: E2eOverheadOptions): Promise<E2eOverheadResult> {
  const backend = scriptBackend({ simulator: options.simulator, rateLimits: 'tencent' });
  const script: number[] = [];
  const runs: WorkflowRun[] = [];
  const measured: { script: string[]; workflow: string[] } = { script: [], workflow: [] };
  try {
    const total = options.warmupPairs + options.pairs;
    for (let i = 0; i < total; i += 1) {
      const scriptTarget = targetOf(options.scriptCode, i);
      const workflowTarget = targetOf(options.workflowCode, i);
      // Alternate the order so that neither side always runs right after the other's load.
      let scriptMs: number;
      let run: WorkflowRun;
      if (i % 2 === 0) {
        scriptMs = await scriptExport(backend, scriptTarget, options.polling);
        run = await workflowExport(options, workflowTarget);
      } else {
        run = await workflowExport(options, workflowTarget);
        scriptMs = await scriptExport(backend, scriptTarget, options.polling);
      }
      if (i < options.warmupPairs) continue;
      script.push(scriptMs);
      runs.push(run);
      measured.script.push(scriptTarget.redisId);
      measured.workflow.push(workflowTarget.redisId);
    }
  } finally {
    backend.close();
  }
  const activities = runs.flatMap((run) => run.dispatch.tasks.filter((task) => task.kind === 'activity'));
  const byType = new Map<string, number[]>();
  for (const task of activities) byType.set(task.name, [...(byType.get(task.name) ?? []), task.waitMs]);
  const result: E2eOverheadResult = {
    pairs: runs.length,
    polling: options.polling,
    rateLimits:
      "Tencent's per-account limits (CRS_RATE_LIMITS default) in the worker and the script; the simulator enforces them too",
    scriptMs: summarize(script),
    workflowMs: summarize(runs.map((run) => run.clientMs)),
    workflowServerMs: summarize(runs.map((run) => run.serverMs)),
    overheadMs: summarize(runs.map((run, i) => run.clientMs - (script[i] ?? Number.NaN))),
    serverOverheadMs: summarize(runs.map((run, i) => run.serverMs - (script[i] ?? Number.NaN))),
    historyEventsPerExport: summarize(runs.map((run) => run.historyEvents)),
    crsCallsPerScriptExport: summarize(callsOf(options.simulator, measured.script)),
    crsCallsPerWorkflowExport: summarize(callsOf(options.simulator, measured.workflow)),
    workflowTasks: kindWaits(runs, 'workflow'),
    activityTasks: kindWaits(runs, 'activity'),
    immediateActivityShare: Number(
      (
        runs.reduce((total, run) => total + run.dispatch.immediateActivityStarts, 0) / Math.max(1, activities.length)
      ).toFixed(2),
    ),
    activityWaitByType: Object.fromEntries([...byType].map(([name, waits]) => [name, summarize(waits).p50])),
  };
  options.log(
    `e2e: script p50 ${result.scriptMs.p50} ms, workflow p50 ${result.workflowMs.p50} ms; ` +
      `overhead p50 ${result.overheadMs.p50} ms p99 ${result.overheadMs.p99} ms; ` +
      `${result.workflowTasks.count.p50} workflow tasks (wait p50 ${result.workflowTasks.waitPerTaskMs.p50} ms each), ` +
      `${result.activityTasks.count.p50} activities (wait p50 ${result.activityTasks.waitPerTaskMs.p50} ms each, ` +
      `${Math.round(result.immediateActivityShare * 100)}% immediate)`,
  );
  return result;
}
