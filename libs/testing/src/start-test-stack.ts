// Starts what an end-to-end suite needs beside the API: the CRS simulator in-process and the real worker
// process (apps/worker/src/main.ts) on a task queue of its own, against the test run's Temporal server.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { startCrsSimulator, type CrsSimulator, type CrsSimulatorOptions } from '@crs-export/crs-simulator';
import { TEST_CODEC_ENV } from './test-codec';
import { testTemporalAddress } from './test-env';

const repoRoot = resolve(__dirname, '..', '..', '..');

export interface TestStackOptions {
  simulator?: CrsSimulatorOptions;
  /** Extra environment for the worker process. */
  workerEnv?: Record<string, string>;
  /** How long the worker may take to bundle its workflows and start polling. */
  workerStartTimeoutMs?: number;
  /** Which Tencent API generation the worker speaks (default 2): 3 reaches the simulator as if it were Tencent. */
  api?: 2 | 3;
}

export interface TestStack {
  simulator: CrsSimulator;
  temporalAddress: string;
  taskQueue: string;
  /** Environment for loadConfig() of an API (or another process) that should use this stack. */
  env: Record<string, string>;
  worker: ChildProcess;
  /** Lines the worker printed (JSON logs), for assertions and post-mortems. */
  workerOutput: string[];
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const simulator = await startCrsSimulator({ port: 0, ...options.simulator });
  const temporalAddress = testTemporalAddress();
  const taskQueue = `e2e-${randomUUID()}`;
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ...(options.api === 3
      ? {
          CRS_API_VERSION: '3',
          CRS_ENDPOINT: 'http://redis.tencentcloudapi.com',
          CRS_CONNECT_TO: `127.0.0.1:${simulator.port}`,
          // The simulator's own credentials, signed with as Tencent's would be.
          TENCENTCLOUD_SECRET_ID: DEMO_SECRET_ID,
          TENCENTCLOUD_SECRET_KEY: DEMO_SECRET_KEY,
        }
      : { CRS_API_VERSION: '2', CRS_ENDPOINT: simulator.endpoint }),
    LOG_LEVEL: 'warn',
    // The worker and an API on this stack encrypt payloads under the tests' fixed key.
    ...TEST_CODEC_ENV,
  };
  const workerOutput: string[] = [];
  const worker = spawn(
    process.execPath,
    [join(repoRoot, 'tools', 'run-ts.cjs'), join(repoRoot, 'apps', 'worker', 'src', 'main.ts')],
    {
      cwd: repoRoot,
      // A fresh environment: nothing of the test process (e.g. API keys) leaks into the worker.
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ...env,
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'info',
        ...options.workerEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolveExit) => worker.once('exit', () => resolveExit()));
  const stop = async (): Promise<void> => {
    if (worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGTERM');
      const forced = setTimeout(() => worker.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    }
    await simulator.close();
  };
  try {
    await new Promise<void>((resolveStart, rejectStart) => {
      const timer = setTimeout(
        () =>
          rejectStart(
            new Error(
              `worker did not start within ${options.workerStartTimeoutMs ?? 120_000} ms:\n${workerOutput.join('\n')}`,
            ),
          ),
        options.workerStartTimeoutMs ?? 120_000,
      );
      const onData = (chunk: Buffer): void => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          workerOutput.push(line);
          if (line.includes('worker started')) {
            clearTimeout(timer);
            resolveStart();
          }
        }
      };
      worker.stdout?.on('data', onData);
      worker.stderr?.on('data', onData);
      worker.once('exit', (code) => {
        clearTimeout(timer);
        rejectStart(new Error(`worker exited with ${code} before it started:\n${workerOutput.join('\n')}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { simulator, temporalAddress, taskQueue, env, worker, workerOutput, stop };
}
