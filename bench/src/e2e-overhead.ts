// Benchmark 2: one export at a time through Temporal (workflow, worker, activities) against a plain script
// making the same CRS calls in sequence with the real CrsClient; the difference is Temporal's overhead.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { ExportStatus, PollingPolicy } from '@crs-export/contracts';
import { CrsClient } from '@crs-export/crs-client';
import type { ExportTarget } from '@crs-export/contracts';
import { targetOf } from './bench-scenario';
import { summarize, type Distribution } from './percentiles';
import { startExportWorkflow } from './workflow-runs';

export interface E2eOverheadOptions {
  client: Client;
  taskQueue: string;
  crsEndpoint: string;
  /** Group codes of the scenario: script exports and workflow exports use separate backups. */
  scriptCode: string;
  workflowCode: string;
  pairs: number;
  warmupPairs: number;
  polling: PollingPolicy;
  log: (line: string) => void;
}

export interface E2eOverheadResult {
  pairs: number;
  polling: PollingPolicy;
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
  pollsPerExport: Distribution;
  /** Per export: total wait of its workflow and activity tasks between scheduled and started (server clock). */
  dispatchWaitMs: Distribution;
  /** Per export: how many tasks were dispatched (workflow tasks + activity attempts). */
  dispatchesPerExport: Distribution;
}

/** The same five steps the activities make, in one process, polling on the workflow's schedule. */
async function scriptExport(crs: CrsClient, target: ExportTarget, polling: PollingPolicy): Promise<number> {
  const started = performance.now();
  const { redisSet } = await crs.describeRedis({ redisId: target.redisId, limit: 20, offset: 0 });
  if (!redisSet.some((instance) => instance.redisId === target.redisId && instance.typeId === 1))
    throw new Error(`no cluster ${target.redisId}`);
  const backups = await crs.listAllRedisBackups({ redisId: target.redisId });
  if (backups.find((backup) => backup.backupId === target.backupId)?.status !== 2)
    throw new Error(`backup ${target.backupId} not exportable`);
  const { requestId } = await crs.exportRedisBackup({ redisId: target.redisId, backupId: target.backupId });
  // As the poll activity's retry policy: the first poll at once, then initial interval, x coefficient, capped.
  let interval = polling.initialIntervalMs;
  for (let poll = 1; ; poll += 1) {
    const { status } = await crs.describeTaskInfo({ requestId });
    if (status === 2) break;
    if (status === 3 || status === -1) throw new Error(`task ${requestId} ended with ${status}`);
    if (poll >= 10_000) throw new Error(`task ${requestId} still running after ${poll} polls`);
    await sleep(interval);
    interval = Math.min(interval * polling.backoffCoefficient, polling.maximumIntervalMs);
  }
  await crs.getBackupDownloadUrl({ redisId: target.redisId, backupId: target.backupId });
  return performance.now() - started;
}

interface WorkflowRun {
  clientMs: number;
  serverMs: number;
  historyEvents: number;
  polls: number;
  /** Sum over the run's workflow and activity tasks of the wait from scheduled to started (server times). */
  dispatchWaitMs: number;
  dispatches: number;
}

/** History event types (temporal.api.enums.v1.EventType) of a task scheduled and of that task started. */
const SCHEDULED_TO_STARTED: ReadonlyMap<number, number> = new Map([
  [5, 6], // WORKFLOW_TASK_SCHEDULED -> WORKFLOW_TASK_STARTED
  [10, 11], // ACTIVITY_TASK_SCHEDULED -> ACTIVITY_TASK_STARTED
]);

interface HistoryEventTimes {
  eventId?: unknown;
  eventType?: number | null;
  eventTime?: { seconds?: unknown; nanos?: number | null } | null;
  workflowTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
}

function eventMs(event: HistoryEventTimes): number {
  return Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
}

/** How long the run's tasks waited between being scheduled and being picked up by the worker. */
function dispatchWaits(events: readonly HistoryEventTimes[]): { totalMs: number; count: number } {
  const scheduledAt = new Map<string, number>();
  let totalMs = 0;
  let count = 0;
  for (const event of events) {
    const type = event.eventType ?? 0;
    if (SCHEDULED_TO_STARTED.has(type)) scheduledAt.set(String(event.eventId), eventMs(event));
    const attributes = event.workflowTaskStartedEventAttributes ?? event.activityTaskStartedEventAttributes;
    const scheduled = attributes ? scheduledAt.get(String(attributes.scheduledEventId)) : undefined;
    if (scheduled !== undefined) {
      totalMs += eventMs(event) - scheduled;
      count += 1;
    }
  }
  return { totalMs, count };
}

async function workflowExport(options: E2eOverheadOptions, target: ExportTarget): Promise<WorkflowRun> {
  const started = performance.now();
  const handle = await startExportWorkflow(options.client, options.taskQueue, target, options.polling);
  const status = (await handle.result()) as ExportStatus;
  const clientMs = performance.now() - started;
  if (status.state !== 'SUCCEEDED') throw new Error(`export ${handle.workflowId} ended ${status.state}`);
  const description = await handle.describe();
  const closeTime = description.closeTime?.getTime() ?? Number.NaN;
  const waits = dispatchWaits((await handle.fetchHistory()).events ?? []);
  return {
    clientMs,
    serverMs: closeTime - description.startTime.getTime(),
    historyEvents: description.historyLength,
    polls: status.polls,
    dispatchWaitMs: waits.totalMs,
    dispatches: waits.count,
  };
}

export async function runE2eOverhead(options: E2eOverheadOptions): Promise<E2eOverheadResult> {
  const crs = new CrsClient({
    endpoint: options.crsEndpoint,
    secretId: DEMO_SECRET_ID,
    secretKey: DEMO_SECRET_KEY,
    region: 'gz',
    signatureMethod: 'HmacSHA256',
    httpMethod: 'POST',
  });
  const script: number[] = [];
  const runs: WorkflowRun[] = [];
  try {
    const total = options.warmupPairs + options.pairs;
    for (let i = 0; i < total; i += 1) {
      const scriptTarget = targetOf(options.scriptCode, i);
      const workflowTarget = targetOf(options.workflowCode, i);
      // Alternate the order so that neither side always runs right after the other's load.
      let scriptMs: number;
      let run: WorkflowRun;
      if (i % 2 === 0) {
        scriptMs = await scriptExport(crs, scriptTarget, options.polling);
        run = await workflowExport(options, workflowTarget);
      } else {
        run = await workflowExport(options, workflowTarget);
        scriptMs = await scriptExport(crs, scriptTarget, options.polling);
      }
      if (i < options.warmupPairs) continue;
      script.push(scriptMs);
      runs.push(run);
    }
  } finally {
    crs.close();
  }
  const result: E2eOverheadResult = {
    pairs: runs.length,
    polling: options.polling,
    scriptMs: summarize(script),
    workflowMs: summarize(runs.map((run) => run.clientMs)),
    workflowServerMs: summarize(runs.map((run) => run.serverMs)),
    overheadMs: summarize(runs.map((run, i) => run.clientMs - (script[i] ?? Number.NaN))),
    serverOverheadMs: summarize(runs.map((run, i) => run.serverMs - (script[i] ?? Number.NaN))),
    historyEventsPerExport: summarize(runs.map((run) => run.historyEvents)),
    pollsPerExport: summarize(runs.map((run) => run.polls)),
    dispatchWaitMs: summarize(runs.map((run) => run.dispatchWaitMs)),
    dispatchesPerExport: summarize(runs.map((run) => run.dispatches)),
  };
  options.log(
    `e2e: script p50 ${result.scriptMs.p50} ms, workflow p50 ${result.workflowMs.p50} ms; ` +
      `overhead p50 ${result.overheadMs.p50} ms p99 ${result.overheadMs.p99} ms; ` +
      `tasks waited ${result.dispatchWaitMs.p50} ms (p50) over ${result.dispatchesPerExport.p50} dispatches`,
  );
  return result;
}
