// The stack a benchmark runs against: a fresh in-memory Temporal dev server, the worker and API as separate
// processes (libs/local-stack), the CRS simulator in this process (its call log and task clock are read directly).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startCrsSimulator, type CrsSimulator } from '@crs-export/crs-simulator';
import { buildWorkflowBundleFile, startStack, type ServiceName, type Stack } from '@crs-export/local-stack';

export type { Stack };

export interface BenchStackOptions {
  rootDir: string;
  /** Logs and the stack's data directory live here. */
  workDir: string;
  services: readonly ServiceName[];
  /** Simulator scenario; null: no simulator (the API's start path never calls CRS). */
  scenario: unknown;
  /** Environment of every service (on top of this process's), e.g. CRS_REQUESTS_PER_SECOND. */
  env: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  temporalCliPath: string;
  log: (line: string) => void;
}

export interface BenchStack {
  stack: Stack;
  simulator: CrsSimulator | null;
  client: Client;
  apiKey: string;
  close(): Promise<void>;
}

/** Big enough for the largest scale run (about 10 calls per export). */
const CALL_LOG_SIZE = 200_000;
/** Where the API would look for CRS if it ever did; nothing listens there, which is the point. */
const NO_CRS_ENDPOINT = 'http://127.0.0.1:9/v2/index.php';

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = { ...options.serviceEnv };
  if (options.services.includes('worker')) {
    const bundle = join(options.workDir, 'workflow-bundle.js');
    await buildWorkflowBundleFile(options.rootDir, bundle);
    serviceEnv.worker = { ...serviceEnv.worker, WORKFLOW_BUNDLE_PATH: bundle };
  }
  const simulator =
    options.scenario === null
      ? null
      : await startCrsSimulator({ port: 0, scenario: options.scenario, callLogSize: CALL_LOG_SIZE });
  const apiKey = `bench-${randomBytes(16).toString('hex')}`;
  let stack: Stack;
  try {
    stack = await startStack({
      rootDir: options.rootDir,
      dataDir: join(options.workDir, 'stack'),
      env: { ...process.env, ...options.env },
      ports: { api: 0, simulator: 0, temporal: 0, temporalUi: null, workerMetrics: 0 },
      services: options.services,
      serviceEnv,
      temporalAddress: null,
      crsEndpoint: simulator?.endpoint ?? NO_CRS_ENDPOINT,
      persistTemporal: false,
      logDir: join(options.workDir, 'logs'),
      apiKey,
      temporalCliPath: options.temporalCliPath,
      onReady: (service, ms) => options.log(`${service} ready in ${(ms / 1000).toFixed(1)} s`),
      onWarning: (message) => options.log(`stack warning: ${message}`),
      onUnexpectedExit: (service, exit, lines) =>
        options.log(`${service} exited unexpectedly (${JSON.stringify(exit)}): ${lines.slice(-5).join(' | ')}`),
    });
  } catch (error) {
    await simulator?.close();
    throw error;
  }
  const connection = await Connection.connect({ address: stack.urls.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  return {
    stack,
    simulator,
    client,
    apiKey,
    close: async () => {
      await connection.close();
      await stack.stop();
      await simulator?.close();
    },
  };
}
