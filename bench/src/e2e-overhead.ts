// Benchmark 2: one export at a time through Temporal (workflow, worker, activities) against a plain script
// making the same CRS calls in sequence with the real CrsClient; the difference is Temporal's overhead.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { ExportStatus, PollingPolicy } from '@crs-export/contracts';
import { CrsClient } from '@crs-export/crs-client';
import { targetOf, type ExportTarget } from './bench-scenario';
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
    polls: status.polls,
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
  };
  options.log(
    `e2e: script p50 ${result.scriptMs.p50} ms, workflow p50 ${result.workflowMs.p50} ms; ` +
      `overhead p50 ${result.overheadMs.p50} ms p99 ${result.overheadMs.p99} ms`,
  );
  return result;
}
