// Benchmark 5 (issue 14): a batch of N instances (`latest` backup of every cluster whose name matches) on one
// worker process with Tencent's per-account rate limits on, as shipped. Reports the duration, the counts, the
// worker's peak RSS, and the highest CRS calls per second per action in the simulator's call log (1 s buckets),
// which must never exceed Tencent's limits (TENCENT_RATE_LIMITS; the simulator refuses what would).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { TENCENT_RATE_LIMITS } from '@crs-export/config';
import { isTerminalBatchState, type BatchStatus } from '@crs-export/contracts';
import type { CrsSimulator } from '@crs-export/crs-simulator';
import { BatchClient } from '@crs-export/export-client';
import type { Stack } from './bench-stack';
import { callRates, type CallRates } from './call-rates';
import { currentRssMb, ProcessSampler, resetPeakRss, type ProcessUsage } from './process-sampler';

export interface FleetOptions {
  stack: Stack;
  client: Client;
  simulator: CrsSimulator;
  taskQueue: string;
  instances: number;
  /** Name glob of the fleet's instances. */
  nameGlob: string;
  /** Children at once (the batch's `concurrency`). */
  concurrency: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface FleetResult {
  instances: number;
  concurrency: number;
  state: string;
  counts: BatchStatus['counts'];
  failures: number;
  firstFailures: BatchStatus['failures'];
  durationSeconds: number;
  exportsPerSecond: number;
  workerIdleRssMb: number;
  worker: ProcessUsage;
  rates: CallRates;
  limits: Readonly<Record<string, number>>;
}

export async function runFleet(options: FleetOptions): Promise<FleetResult> {
  const { stack, client, simulator, log } = options;
  const workerPid = stack.pid('worker');
  if (workerPid === null) throw new Error('the worker is not running');
  simulator.clearCalls();
  const idleRssMb = currentRssMb(workerPid);
  resetPeakRss(workerPid);
  const sampler = new ProcessSampler(workerPid, 1000);
  const batches = new BatchClient({ client, taskQueue: options.taskQueue });
  const started = performance.now();
  let status: BatchStatus;
  let usage: ProcessUsage;
  try {
    const { status: first } = await batches.startBatch({
      selector: { region: 'ap-guangzhou', architecture: 'cluster', name: options.nameGlob },
      backup: 'latest',
      concurrency: options.concurrency,
    });
    log(`fleet: batch ${first.batchId} started (${options.instances} instances, ${options.concurrency} at a time)`);
    const deadline = started + options.timeoutMs;
    let lastLog = 0;
    for (;;) {
      status = await batches.getBatch(first.batchId);
      if (isTerminalBatchState(status.state)) break;
      if (performance.now() > deadline)
        throw new Error(`the batch did not end within ${options.timeoutMs / 1000} s: ${JSON.stringify(status.counts)}`);
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`fleet: ${status.state} ${JSON.stringify(status.counts)}`);
      }
      await sleep(1000);
    }
  } finally {
    usage = sampler.stop();
  }
  const durationSeconds = (performance.now() - started) / 1000;
  const rates = callRates(simulator.calls({ api: 'v3' }), TENCENT_RATE_LIMITS);
  const succeeded = status.counts.SUCCEEDED ?? 0;
  const result: FleetResult = {
    instances: options.instances,
    concurrency: options.concurrency,
    state: status.state,
    counts: status.counts,
    failures: status.failures.length,
    firstFailures: status.failures.slice(0, 5),
    durationSeconds: Number(durationSeconds.toFixed(1)),
    exportsPerSecond: Number((succeeded / durationSeconds).toFixed(2)),
    workerIdleRssMb: idleRssMb,
    worker: usage,
    rates,
    limits: TENCENT_RATE_LIMITS,
  };
  log(
    `fleet: ${status.state} in ${result.durationSeconds} s, ${JSON.stringify(status.counts)}, worker peak RSS ${usage.peakRssMb} MB; ` +
      rates.actions
        .map((rate) => `${rate.action} max ${rate.maxPerSecond}/s (limit ${rate.limit}, refused ${rate.refused})`)
        .join(', '),
  );
  return result;
}
