// Benchmark 1: POST /exports through the API against the raw Temporal client's workflow.start, on the same
// server in the same run, at rising concurrency; no worker runs, so only the start path is measured.
import { Agent, request } from 'node:http';
import type { Client } from '@temporalio/client';
import { DEFAULT_POLLING_POLICY } from '@crs-export/contracts';
import type { ExportTarget } from '@crs-export/contracts';
import { targetOf } from './bench-scenario';
import { runLoadLoop, type LoadLoopResult } from './load-loop';
import { summarize, type Distribution } from './percentiles';
import { startExportWorkflow } from './workflow-runs';

export interface StartThroughputOptions {
  apiUrl: string;
  apiKey: string;
  client: Client;
  taskQueue: string;
  concurrencyLevels: number[];
  /** Time per side and level, split into two halves run A-B-B-A so that drift hits both sides alike. */
  measureMs: number;
  warmupMs: number;
  /** Hard bound on requests per half. */
  maxRequestsPerHalf: number;
  log: (line: string) => void;
}

export interface StartSideResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  requestsPerSecond: number;
  latencyMs: Distribution;
}

export interface StartLevelResult {
  concurrency: number;
  api: StartSideResult;
  raw: StartSideResult;
  /** API requests/s over raw starts/s (target >= 0.7). */
  throughputRatio: number;
  /** API p50 latency over raw p50 latency. */
  p50LatencyRatio: number;
}

export interface StartThroughputResult {
  workers: string;
  levels: StartLevelResult[];
}

type Side = 'api' | 'raw';

/** One POST /exports; resolves on 201 (a new export), rejects on anything else. */
function postExport(apiUrl: string, apiKey: string, agent: Agent, target: ExportTarget): Promise<void> {
  const body = JSON.stringify(target);
  return new Promise((resolve, reject) => {
    const req = request(
      `${apiUrl}/exports`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode === 201) resolve();
          else
            reject(
              new Error(`POST /exports answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`),
            );
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What the API's ExportClient sends (same options and input), through the SDK's own workflow.start. */
async function rawStart(client: Client, taskQueue: string, target: ExportTarget): Promise<void> {
  await startExportWorkflow(client, taskQueue, target, DEFAULT_POLLING_POLICY);
}

function sideResult(halves: LoadLoopResult[]): StartSideResult {
  const latencies = halves.flatMap((half) => half.latenciesMs);
  const elapsedMs = halves.reduce((total, half) => total + half.elapsedMs, 0);
  return {
    requests: latencies.length,
    errors: halves.reduce((total, half) => total + half.errors, 0),
    errorSamples: halves.flatMap((half) => half.errorSamples).slice(0, 5),
    requestsPerSecond: Number(((latencies.length / elapsedMs) * 1000).toFixed(1)),
    latencyMs: summarize(latencies),
  };
}

export async function runStartThroughput(options: StartThroughputOptions): Promise<StartThroughputResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...options.concurrencyLevels) });
  // Each side has its own redisId space, so every request is a new export (201), never a duplicate (200).
  const nextIndex: Record<Side, number> = { api: 0, raw: 0 };
  const call: Record<Side, (index: number) => Promise<void>> = {
    api: (index) => postExport(options.apiUrl, options.apiKey, agent, targetOf('sa', index)),
    raw: (index) => rawStart(options.client, options.taskQueue, targetOf('sr', index)),
  };
  const run = async (side: Side, concurrency: number, durationMs: number): Promise<LoadLoopResult> => {
    const result = await runLoadLoop(
      { concurrency, durationMs, maxRequests: options.maxRequestsPerHalf, call: call[side] },
      nextIndex[side],
    );
    nextIndex[side] = result.nextIndex;
    return result;
  };
  try {
    // Warm both paths (JIT, sockets, gRPC channel) before anything is measured.
    await run('api', 8, options.warmupMs);
    await run('raw', 8, options.warmupMs);
    const levels: StartLevelResult[] = [];
    for (const concurrency of options.concurrencyLevels) {
      const half = options.measureMs / 2;
      const halves: Record<Side, LoadLoopResult[]> = { api: [], raw: [] };
      for (const side of ['api', 'raw', 'raw', 'api'] as const) halves[side].push(await run(side, concurrency, half));
      const api = sideResult(halves.api);
      const raw = sideResult(halves.raw);
      const level: StartLevelResult = {
        concurrency,
        api,
        raw,
        throughputRatio: Number((api.requestsPerSecond / raw.requestsPerSecond).toFixed(2)),
        p50LatencyRatio: Number((api.latencyMs.p50 / raw.latencyMs.p50).toFixed(2)),
      };
      options.log(
        `start c=${concurrency}: api ${api.requestsPerSecond}/s p50 ${api.latencyMs.p50} ms p99 ${api.latencyMs.p99} ms; ` +
          `raw ${raw.requestsPerSecond}/s p50 ${raw.latencyMs.p50} ms p99 ${raw.latencyMs.p99} ms; ratio ${level.throughputRatio}` +
          (api.errors + raw.errors > 0
            ? `; errors api ${api.errors} raw ${raw.errors}: ${[...api.errorSamples, ...raw.errorSamples][0]}`
            : ''),
      );
      levels.push(level);
    }
    return {
      workers: 'none: no worker polls the task queue, so only starts are measured (the started workflows stay queued)',
      levels,
    };
  } finally {
    agent.destroy();
  }
}
