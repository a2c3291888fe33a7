// The stack a benchmark runs against: a fresh in-memory Temporal dev server, the worker and API as separate
// processes (libs/local-stack), the CRS simulator in this process (its call log and clock are read directly).
// The worker speaks API 3.0, as shipped, signed for redis.tencentcloudapi.com and connected to the simulator.
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { newApiKeyToken } from '@crs-export/api-keys';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY, TENCENT_REDIS_HOST } from '@crs-export/config';
import { startCrsSimulator, type CrsSimulator, type CrsSimulatorOptions } from '@crs-export/crs-simulator';
import { startStack, type ServiceName, type Stack } from '@crs-export/local-stack';

export type { Stack };

/** What 3.0 clients are configured with: Tencent's host; the sockets go to CRS_CONNECT_TO. */
export const V3_ENDPOINT = `http://${TENCENT_REDIS_HOST}`;
/** Where the API would connect for CRS if it ever did (it does not on the start path): nothing listens there. */
const NOWHERE = '127.0.0.1:9';
/** Big enough for the largest run (about 15 calls per export, 2,000 exports; a fleet of 1,000). */
const CALL_LOG_SIZE = 200_000;

export type RateLimitSetting = 'tencent' | 'off';

/**
 * The environment every service of a benchmark stack gets: API 3.0 with the simulator's demo key, the region,
 * Tencent's per-account rate limits (CRS_RATE_LIMITS' default) or none, and the API's per-key request limit
 * lifted for the load test. WORKER_* and NODE_OPTIONS are cleared: each benchmark says what it runs with.
 */
export function benchServiceEnv(rateLimits: RateLimitSetting): NodeJS.ProcessEnv {
  return {
    CRS_API_VERSION: '3',
    TENCENTCLOUD_SECRET_ID: DEMO_SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: DEMO_SECRET_KEY,
    TENCENTCLOUD_REGION: 'gz',
    CRS_RATE_LIMITS: rateLimits === 'off' ? 'off' : undefined,
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    API_KEYS_FILE: undefined,
    API_KEYS_PEPPER_FILE: undefined,
    WORKER_MAX_CONCURRENT_ACTIVITIES: undefined,
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: undefined,
    WORKER_MAX_CACHED_WORKFLOWS: undefined,
    NODE_OPTIONS: undefined,
    MALLOC_ARENA_MAX: undefined,
  };
}

export interface BenchStackOptions {
  rootDir: string;
  /** Logs and the stack's data directory live here. */
  workDir: string;
  services: readonly ServiceName[];
  /** Simulator scenario; null: no simulator (the API's start path never calls CRS). */
  scenario: unknown;
  simulator?: Omit<CrsSimulatorOptions, 'port' | 'scenario' | 'callLogSize'>;
  rateLimits: RateLimitSetting;
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  temporalCliPath: string;
  /** The prebuilt workflow bundle (WORKFLOW_BUNDLE_PATH), as in the Docker image. */
  workflowBundle: string | null;
  log: (line: string) => void;
}

export interface BenchStack {
  stack: Stack;
  simulator: CrsSimulator | null;
  client: Client;
  apiKey: string;
  close(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const serviceEnv: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = { ...options.serviceEnv };
  if (options.services.includes('worker')) {
    if (!options.workflowBundle) throw new Error('a worker needs the prebuilt workflow bundle');
    serviceEnv.worker = { WORKFLOW_BUNDLE_PATH: options.workflowBundle, ...serviceEnv.worker };
  }
  const simulator =
    options.scenario === null
      ? null
      : await startCrsSimulator({
          ...options.simulator,
          port: 0,
          scenario: options.scenario,
          callLogSize: CALL_LOG_SIZE,
        });
  const { token: apiKey } = newApiKeyToken();
  let stack: Stack;
  try {
    stack = await startStack({
      rootDir: options.rootDir,
      dataDir: join(options.workDir, 'stack'),
      env: {
        ...process.env,
        ...benchServiceEnv(options.rateLimits),
        CRS_CONNECT_TO: simulator ? `127.0.0.1:${simulator.port}` : NOWHERE,
      },
      ports: { api: 0, simulator: 0, temporal: 0, temporalUi: null, workerMetrics: 0 },
      services: options.services,
      serviceEnv,
      temporalAddress: null,
      crsEndpoint: V3_ENDPOINT,
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
  const client = new Client({ connection, namespace: stack.namespace, dataConverter: stack.codec.keys.dataConverter });
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

/** Runs body against a fresh stack, and stops the stack however body ends. */
export async function withBenchStack<T>(
  options: BenchStackOptions,
  body: (bench: BenchStack) => Promise<T>,
): Promise<T> {
  const bench = await startBenchStack(options);
  try {
    return await body(bench);
  } finally {
    await bench.close();
  }
}
