// Benchmark 3: N exports in flight at once on one worker process (its own process, so its RSS is its own): all
// complete? Worker peak RSS, RSS over time and CPU, history events and CRS calls per export, and the lag from
// Tencent's RDB conversion finishing to the export SUCCEEDED.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { DEFAULT_POLLING_POLICY, ExportStateSearchAttribute } from '@crs-export/contracts';
import type { CrsSimulator } from '@crs-export/crs-simulator';
import { targetsOf, type TargetGroup } from './bench-scenario';
import type { Stack } from './bench-stack';
import { callsByExport, meanCallsByAction, simulatorTasks } from './crs-calls';
import { runBounded } from './load-loop';
import { summarize, type Distribution } from './percentiles';
import { currentRssMb, ProcessSampler, resetPeakRss, type ProcessUsage } from './process-sampler';
import { EXPORT_WORKFLOW_TYPE, startExportWorkflow, visibilityTime } from './workflow-runs';

export interface ScaleOptions {
  stack: Stack;
  client: Client;
  simulator: CrsSimulator;
  taskQueue: string;
  group: TargetGroup;
  startConcurrency: number;
  /** Past the task duration, how long to wait for the last exports at most. */
  graceMs: number;
  log: (line: string) => void;
}

export interface ScaleRun {
  exports: number;
  exportDurationMs: number;
  /** Time to start them all through the Temporal client. */
  startSeconds: number;
  /** Most exports seen running at once (visibility count, sampled every 2 s). */
  maxInFlight: number;
  completed: number;
  succeeded: number;
  otherOutcomes: Record<string, number>;
  /** From the first start to the last close. */
  totalSeconds: number;
  /** Worker RSS once started and idle, before the exports (MB). */
  workerIdleRssMb: number;
  /** Whether VmHWM was reset before the run (else it includes the worker's start-up). */
  workerPeakReset: boolean;
  worker: ProcessUsage;
  temporalServer: ProcessUsage | null;
  historyEventsPerExport: Distribution;
  crsCallsPerExport: Distribution;
  callsByAction: Record<string, number>;
  /** Conversion done (per the simulator) to the workflow closed SUCCEEDED, in ms. */
  lagMs: Distribution;
  /** Task done to the poll that saw it: the poll schedule's share of the lag. */
  detectionLagMs: Distribution;
  /** That poll to the close: the URL call and the last workflow tasks. */
  finishLagMs: Distribution;
}

export interface ScaleVariantResult {
  variant: string;
  description: string;
  /** The worker's environment on top of the stack's; null: unset. */
  workerEnv: Record<string, string | null>;
  runs: ScaleRun[];
}

const RUNNING_QUERY = `WorkflowType = '${EXPORT_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;

/** One run on the stack's freshly started worker (one stack per worker configuration). */
export async function runScale(options: ScaleOptions): Promise<ScaleRun> {
  const { stack, client, simulator, taskQueue, log, group } = options;
  const workerPid = stack.pid('worker');
  if (workerPid === null) throw new Error('the worker is not running');
  const temporalPid = stack.pid('temporal');
  simulator.clearCalls();
  await sleep(1000);
  const since = Date.now() - 1000;
  // The prebuilt bundle keeps start-up light; the reset makes sure VmHWM is the peak under load only.
  const idleRssMb = currentRssMb(workerPid);
  const peakReset = resetPeakRss(workerPid);
  const worker = new ProcessSampler(workerPid);
  const temporal = temporalPid === null ? null : new ProcessSampler(temporalPid);
  const targets = targetsOf(group);
  const started = performance.now();
  const startedAt = Date.now();
  let maxInFlight = 0;
  let startsDone = false;
  let abandoned = false;
  const watchRunning = async (): Promise<void> => {
    const deadline = performance.now() + group.exportDurationMs + options.graceMs + 120_000;
    while (performance.now() < deadline && !abandoned) {
      const { count } = await client.workflow.count(`${RUNNING_QUERY} AND StartTime >= '${visibilityTime(since)}'`);
      maxInFlight = Math.max(maxInFlight, count);
      if (startsDone && count === 0) return;
      await sleep(2000);
    }
    if (!abandoned)
      throw new Error(`${group.count} exports did not all finish within ${Math.round((deadline - started) / 1000)} s`);
  };
  const watching = watchRunning();
  // Handled here too, so a failure during the starts is not an unhandled rejection before it is awaited.
  void watching.catch(() => undefined);
  let startSeconds: number;
  let workerUsage: ProcessUsage;
  let temporalUsage: ProcessUsage | null;
  try {
    try {
      await runBounded(targets.length, options.startConcurrency, (i) =>
        startExportWorkflow(client, taskQueue, targets[i] as (typeof targets)[number], DEFAULT_POLLING_POLICY),
      );
    } catch (error) {
      abandoned = true;
      throw error;
    } finally {
      startsDone = true;
    }
    startSeconds = (performance.now() - started) / 1000;
    log(`scale ${group.count}: all started in ${startSeconds.toFixed(1)} s`);
    await watching;
  } finally {
    workerUsage = worker.stop();
    temporalUsage = temporal?.stop() ?? null;
    await watching.catch(() => undefined);
  }

  const executions = [];
  for await (const execution of client.workflow.list({
    query: `WorkflowType = '${EXPORT_WORKFLOW_TYPE}' AND StartTime >= '${visibilityTime(since)}'`,
  })) {
    executions.push(execution);
  }
  const redisIds = new Set(targets.map((target) => target.redisId));
  const redisIdOf = (workflowId: string): string =>
    workflowId.slice('export-'.length, 'export-'.length + 'crs-00000000'.length);
  const ours = executions.filter((execution) => redisIds.has(redisIdOf(execution.workflowId)));
  const outcomes: Record<string, number> = {};
  let succeeded = 0;
  for (const execution of ours) {
    const state = execution.typedSearchAttributes.get(ExportStateSearchAttribute) ?? execution.status.name;
    if (state === 'SUCCEEDED' && execution.status.name === 'COMPLETED') succeeded += 1;
    else outcomes[`${execution.status.name}/${state}`] = (outcomes[`${execution.status.name}/${state}`] ?? 0) + 1;
  }
  const tasks = simulatorTasks(simulator);
  const taskOf = new Map(
    tasks
      .filter((task) => task.kind === 'exportBackup' && redisIds.has(task.redisId))
      .map((task) => [task.redisId, task]),
  );
  const byExport = callsByExport(simulator.calls(), tasks, redisIds);
  const lag: number[] = [];
  const detection: number[] = [];
  const finish: number[] = [];
  let lastClose = 0;
  for (const execution of ours) {
    const redisId = redisIdOf(execution.workflowId);
    const task = taskOf.get(redisId);
    const closeAt = execution.closeTime?.getTime();
    if (!task || closeAt === undefined) continue;
    lastClose = Math.max(lastClose, closeAt);
    const doneAt = task.createdAt + task.durationMs;
    lag.push(closeAt - doneAt);
    const polledAt = byExport.get(redisId)?.lastPollAt;
    if (polledAt !== null && polledAt !== undefined) {
      detection.push(polledAt - doneAt);
      finish.push(closeAt - polledAt);
    }
  }
  const run: ScaleRun = {
    exports: group.count,
    exportDurationMs: group.exportDurationMs,
    startSeconds: Number(startSeconds.toFixed(1)),
    maxInFlight,
    completed: ours.filter((execution) => execution.status.name !== 'RUNNING').length,
    succeeded,
    otherOutcomes: outcomes,
    totalSeconds: Number(((lastClose - startedAt) / 1000).toFixed(1)),
    workerIdleRssMb: idleRssMb,
    workerPeakReset: peakReset,
    worker: workerUsage,
    temporalServer: temporalUsage,
    historyEventsPerExport: summarize(ours.map((execution) => execution.historyLength)),
    crsCallsPerExport: summarize(targets.map((target) => byExport.get(target.redisId)?.total ?? 0)),
    callsByAction: meanCallsByAction(byExport, targets.length),
    lagMs: summarize(lag, 0),
    detectionLagMs: summarize(detection, 0),
    finishLagMs: summarize(finish, 0),
  };
  log(
    `scale ${group.count}: ${succeeded}/${group.count} SUCCEEDED, max in flight ${maxInFlight}, worker peak RSS ${workerUsage.peakRssMb} MB, ` +
      `CPU avg ${workerUsage.averageCpuPercent}% peak ${workerUsage.peakCpuPercent}%, history p50 ${run.historyEventsPerExport.p50}, ` +
      `CRS calls p50 ${run.crsCallsPerExport.p50}, lag p50 ${run.lagMs.p50} ms p99 ${run.lagMs.p99} ms`,
  );
  return run;
}
