// Runs exports end to end in tests: the real CRS client against the in-process simulator, a real worker
// on the test run's Temporal dev server, one workflow bundle per test file, unique task queues and ids.
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection } from '@temporalio/worker';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY, TENCENT_RATE_LIMITS } from '@crs-export/config';
import { CrsRateLimiter } from '@crs-export/crs-rate-limit';
import {
  BackupIdSearchAttribute,
  RedisIdSearchAttribute,
  type ExportStatus,
  type PollingPolicy,
} from '@crs-export/contracts';
import type { CrsBackend } from '@crs-export/contracts';
import type { NotificationActivityDeps } from '@crs-export/export-activities';
import { CrsClient, createV2Backend } from '@crs-export/crs-client';
import { CrsV3Client, createV3Backend, tencentCredentialOf } from '@crs-export/crs-v3-client';
import { startCrsSimulator, type CrsSimulator, type CrsSimulatorOptions } from '@crs-export/crs-simulator';
import { testDataConverter, testTemporalAddress } from '@crs-export/testing';
import { EXPORT_WORKFLOW_TYPE, exportStatusQuery, type exportRedisBackup } from '@crs-export/workflows';
import { createExportWorker, type ExportWorkerOptions } from '../../src/create-export-worker';
import { bundleExportWorkflows } from '../../src/workflow-bundle';
import type { ExportCase } from './export-scenario';
import { quietTemporalRuntime } from './quiet-runtime';

/** Quick polling for tests (the dev server runs activity retries about once a second at the quickest). */
export const FAST_POLLING: PollingPolicy = {
  initialIntervalMs: 100,
  backoffCoefficient: 2,
  maximumIntervalMs: 400,
  deadlineMs: 20_000,
};

export type ExportHandle = WorkflowHandle<typeof exportRedisBackup>;

export interface ExportHarness {
  sim: CrsSimulator;
  client: Client;
  /** Runs a worker on a fresh task queue until fn ends (for batches and other workflows started by the test). */
  withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T>;
  /** A worker on the task queue, with extra options (a deployment version), until stop(). */
  startWorker(taskQueue: string, extra?: Pick<ExportWorkerOptions, 'deployment'>): Promise<{ stop(): Promise<void> }>;
  /** Starts an export as the API does on the task queue, with no worker of its own. */
  startExport(taskQueue: string, target: ExportCase, polling?: Partial<PollingPolicy>): Promise<ExportHandle>;
  /** Starts an export as the API does (typed RedisId/BackupId) on a fresh task queue, and runs a worker on it until fn ends. */
  run<T>(target: ExportCase, fn: (handle: ExportHandle) => Promise<T>, polling?: Partial<PollingPolicy>): Promise<T>;
  close(): Promise<void>;
}

/** The backend port over the real client of either API generation, against the in-process simulator. */
function backendFor(api: 2 | 3, sim: CrsSimulator): CrsBackend {
  if (api === 2) {
    return createV2Backend(
      new CrsClient({
        endpoint: sim.endpoint,
        secretId: DEMO_SECRET_ID,
        secretKey: DEMO_SECRET_KEY,
        region: 'gz',
        timeoutMs: 2_000,
      }),
    );
  }
  // Signed for redis.tencentcloudapi.com, as against Tencent; the sockets go to the simulator.
  // Tencent's per-account limits, as the worker keeps them (the simulator enforces them too).
  const limiter = new CrsRateLimiter({ limits: TENCENT_RATE_LIMITS });
  const client = new CrsV3Client({
    credential: tencentCredentialOf({ kind: 'static', secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }),
    endpoint: 'http://redis.tencentcloudapi.com',
    connectTo: `127.0.0.1:${sim.port}`,
    timeoutMs: 2_000,
    beforeCall: (action, signal) => limiter.acquire(action, signal),
  });
  return createV3Backend(client);
}

export interface ExportHarnessOptions {
  simulator?: CrsSimulatorOptions;
  /** Which Tencent API generation the worker speaks (default 2, the seed's; the 3.0 suite passes 3). */
  api?: 2 | 3;
  /** Webhook endpoints the workers deliver notifications to. */
  notifications?: NotificationActivityDeps;
  /** How the workers reach archive destinations (the test S3 server's credentials) and archive files. */
  archive?: Pick<ExportWorkerOptions, 'openArchiveStore' | 'archive'>;
}

/** Call in beforeAll: bundles the workflows once for the file, starts the simulator, connects to Temporal. */
export async function openExportHarness(options: ExportHarnessOptions = {}): Promise<ExportHarness> {
  const simulator = options.simulator ?? {};
  quietTemporalRuntime();
  const bundle = await bundleExportWorkflows({ logger: new DefaultLogger('WARN') });
  const address = testTemporalAddress();
  const [sim, connection, nativeConnection, dataConverter] = await Promise.all([
    startCrsSimulator({ ...simulator, port: 0 }),
    Connection.connect({ address }),
    NativeConnection.connect({ address }),
    testDataConverter(),
  ]);
  // Payloads encrypted as in production (the tests' fixed key), so the saved histories are too.
  const client = new Client({ connection, dataConverter });
  const backend = backendFor(options.api ?? 2, sim);
  /** Every worker of the harness: the same connection, bundle, backend and options; `extra` on top. */
  const newWorker = (taskQueue: string, extra: Pick<ExportWorkerOptions, 'deployment'> = {}) =>
    createExportWorker({
      connection: nativeConnection,
      taskQueue,
      backend,
      dataConverter,
      workflowBundle: bundle,
      shutdownGraceTimeMs: 500,
      ...(options.notifications ? { notifications: options.notifications } : {}),
      ...options.archive,
      ...extra,
    });
  return {
    sim,
    client,
    withWorker: async (fn) => {
      const taskQueue = `export-test-${randomUUID()}`;
      const worker = await newWorker(taskQueue);
      return worker.runUntil(fn(taskQueue));
    },
    startWorker: async (taskQueue, extra = {}) => {
      const worker = await newWorker(taskQueue, extra);
      const running = worker.run();
      return {
        stop: async () => {
          worker.shutdown();
          await running;
        },
      };
    },
    startExport: (taskQueue, target, polling = {}) =>
      startExport(client, taskQueue, target, { ...FAST_POLLING, ...polling }),
    run: async (target, fn, polling = {}) => {
      const taskQueue = `export-test-${randomUUID()}`;
      const worker = await newWorker(taskQueue);
      return worker.runUntil(async () =>
        fn(await startExport(client, taskQueue, target, { ...FAST_POLLING, ...polling })),
      );
    },
    close: async () => {
      backend.close();
      await Promise.all([sim.close(), connection.close(), nativeConnection.close()]);
    },
  };
}

function startExport(
  client: Client,
  taskQueue: string,
  target: ExportCase,
  polling: PollingPolicy,
): Promise<ExportHandle> {
  return client.workflow.start<typeof exportRedisBackup>(EXPORT_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: `export-test-${target.redisId}-${randomUUID()}`,
    args: [{ ...target, polling }],
    typedSearchAttributes: [
      { key: RedisIdSearchAttribute, value: target.redisId },
      { key: BackupIdSearchAttribute, value: target.backupId },
    ],
  });
}

/** The final ExportStatus of an export, however it ended: its result, or details[0] of its failure. */
export async function outcomeOf(handle: ExportHandle): Promise<ExportStatus> {
  try {
    return await handle.result();
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    const details = (error.cause as { details?: unknown[] } | undefined)?.details;
    if (details?.[0]) return details[0] as ExportStatus;
    // A Temporal cancel carries no details (the SDK sends none): the query still answers on a closed run.
    return handle.query(exportStatusQuery);
  }
}

/** Polls the query until the export reports the state. */
export async function waitForState(
  handle: ExportHandle,
  state: ExportStatus['state'],
  timeoutMs = 10_000,
): Promise<ExportStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await handle.query(exportStatusQuery);
    if (status.state === state) return status;
    if (Date.now() > deadline) throw new Error(`export stayed in ${status.state}, expected ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Visibility is eventually consistent: list until the execution shows up (briefly). */
export async function eventuallyListed(client: Client, query: string): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    if (ids.length > 0) return ids;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}
