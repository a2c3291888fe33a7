// The worker process as deployed: `node tools/run-ts.cjs apps/worker/src/main.ts` with a prebuilt bundle,
// runs an export, serves Prometheus metrics, logs JSON lines without secrets, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY } from '@crs-export/config';
import { startCrsSimulator, type CrsSimulator } from '@crs-export/crs-simulator';
import { freePort } from '@crs-export/process-supervisor';
import { TEST_CODEC_ENV, testDataConverter, testTemporalAddress } from '@crs-export/testing';
import { EXPORT_WORKFLOW_TYPE, type exportRedisBackup } from '@crs-export/workflows';
import { bundleExportWorkflows } from '../src/workflow-bundle';
import { FAST_POLLING } from './support/export-harness';
import { useExportScenario } from './support/export-scenario';

const repoRoot = resolve(__dirname, '..', '..', '..');
let sim: CrsSimulator;
let bundleDir: string;

beforeAll(async () => {
  sim = await startCrsSimulator({ port: 0 });
  bundleDir = mkdtempSync(join(tmpdir(), 'crs-worker-bundle-'));
  writeFileSync(
    join(bundleDir, 'workflow-bundle.js'),
    (await bundleExportWorkflows({ logger: new DefaultLogger('WARN') })).code,
  );
});
afterAll(async () => {
  await sim?.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

function startWorkerProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/worker/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function until<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the worker process', () => {
  it('runs an export with a prebuilt bundle, serves metrics, and exits 0 on SIGTERM', { timeout: 90_000 }, async () => {
    const taskQueue = `worker-process-${randomUUID()}`;
    const metricsPort = await freePort();
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      CRS_API_VERSION: '2',
      CRS_ENDPOINT: sim.endpoint,
      WORKFLOW_BUNDLE_PATH: join(bundleDir, 'workflow-bundle.js'),
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_SHUTDOWN_GRACE_MS: '1000',
      LOG_LEVEL: 'info',
      ...TEST_CODEC_ENV,
    });
    const connection = await Connection.connect({ address: testTemporalAddress() });
    try {
      const target = useExportScenario(sim);
      const client = new Client({ connection, dataConverter: await testDataConverter() });
      const status = await client.workflow.execute<typeof exportRedisBackup>(EXPORT_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `worker-process-${randomUUID()}`,
        args: [{ ...target, polling: FAST_POLLING }],
      });
      expect(status.state).toBe('SUCCEEDED');
      const metrics = await until(async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return text.includes('temporal_') ? text : undefined;
      }, 10_000);
      expect(metrics).toMatch(/temporal_activity_execution_latency|temporal_workflow_completed/);
    } finally {
      await connection.close();
      worker.child.kill('SIGTERM');
    }
    expect(await worker.exited).toBe(0);
    const lines = worker.output().trim().split('\n');
    const logs = lines.map((line) => JSON.parse(line) as { msg: string });
    expect(logs.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['worker started', 'worker stopped']));
    expect(worker.output()).not.toContain(DEMO_SECRET_KEY);
  });
});
