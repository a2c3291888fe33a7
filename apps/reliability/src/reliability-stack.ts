// The real stack for the suite: Temporal dev server on SQLite, simulator, worker and API as supervised
// processes on free ports, tuned for short runs (fast polls, short CRS timeouts), every output line kept.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildWorkflowBundleFile, startStack, type ServiceName, type Stack } from '@crs-export/local-stack';
import { CapturedTraffic } from './captured-traffic';
import { ExportApi } from './export-api';
import type { SimulatorCredentials } from './export-targets';
import { SimulatorAdmin } from './simulator-admin';

export interface CapturedLine {
  service: ServiceName;
  line: string;
}

export interface UnexpectedExit {
  service: ServiceName;
  description: string;
  at: string;
}

export interface ReliabilityStackOptions {
  rootDir: string;
  /** Everything of the run lives here (SQLite, logs, scenario, bundle); emptied first. */
  workDir: string;
  /** The simulator scenario (its credentials must be `credentials`). */
  scenario: Record<string, unknown>;
  /** The Tencent credentials the worker signs with. */
  credentials: SimulatorCredentials;
  apiKey: string;
}

export interface ReliabilityStack {
  stack: Stack;
  api: ExportApi;
  simulator: SimulatorAdmin;
  temporal: Client;
  traffic: CapturedTraffic;
  lines: CapturedLine[];
  unexpectedExits: UnexpectedExit[];
  logDir: string;
  startupMs: number;
  close(): Promise<void>;
}

/**
 * Environment knobs: polls every 100-500 ms, CRS calls time out after 4 s, no rate limit in the way. The
 * timeout stays well above the latency the scenarios inject (800 ms): with 1 s, a call that took a little
 * longer on a loaded machine timed out and its activity ran a second time, which the graceful-shutdown
 * scenario rightly counts as a failure.
 */
export const SUITE_ENV: Record<string, string> = {
  TENCENTCLOUD_REGION: 'gz',
  EXPORT_POLL_INITIAL_MS: '100',
  EXPORT_POLL_BACKOFF: '1.5',
  EXPORT_POLL_MAX_MS: '500',
  EXPORT_DEADLINE_MS: '180000',
  CRS_TIMEOUT_MS: '4000',
  CRS_RATE_LIMITS: 'off',
  // The scenarios count v2's ExportRedisBackup calls (exported once, never twice); API 3.0 has no export call.
  CRS_API_VERSION: '2',
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  WORKER_SHUTDOWN_GRACE_MS: '5000',
  LOG_LEVEL: 'info',
};

/** Only what a process needs from ours: nothing of the runner's own configuration leaks into the stack. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'XDG_CACHE_HOME', 'CRS_EXPORT_CACHE_DIR'];
  return Object.fromEntries(keep.filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]]));
}

export async function startReliabilityStack(options: ReliabilityStackOptions): Promise<ReliabilityStack> {
  const started = Date.now();
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(options.workDir, { recursive: true });
  const scenarioFile = join(options.workDir, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(options.scenario), { mode: 0o600 });
  const bundle = await buildWorkflowBundleFile(options.rootDir, join(options.workDir, 'workflow-bundle.js'));
  const lines: CapturedLine[] = [];
  const unexpectedExits: UnexpectedExit[] = [];
  const logDir = join(options.workDir, 'logs');
  const stack = await startStack({
    rootDir: options.rootDir,
    dataDir: options.workDir,
    logDir,
    env: {
      ...baseEnvironment(),
      ...SUITE_ENV,
      CRS_SIM_SCENARIO: scenarioFile,
      WORKFLOW_BUNDLE_PATH: bundle,
      TENCENTCLOUD_SECRET_ID: options.credentials.secretId,
      TENCENTCLOUD_SECRET_KEY: options.credentials.secretKey,
    },
    temporalAddress: null,
    crsEndpoint: null,
    ports: { api: 0, simulator: 0, temporal: 0, temporalUi: null, workerMetrics: 0 },
    persistTemporal: true,
    apiKey: options.apiKey,
    stopTimeoutMs: 15_000,
    onLine: (service, line) => lines.push({ service, line }),
    onUnexpectedExit: (service, exit) =>
      unexpectedExits.push({
        service,
        description: exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? '?'}`,
        at: new Date().toISOString(),
      }),
    onWarning: (message) => lines.push({ service: 'temporal', line: `[stack warning] ${message}` }),
  });
  const connection = Connection.lazy({ address: stack.urls.temporalAddress });
  const temporal = new Client({ connection, namespace: stack.namespace });
  const traffic = new CapturedTraffic();
  return {
    stack,
    api: new ExportApi(stack.urls.api, options.apiKey, traffic),
    simulator: new SimulatorAdmin(stack.urls.simulator ?? ''),
    temporal,
    traffic,
    lines,
    unexpectedExits,
    logDir,
    startupMs: Date.now() - started,
    close: async () => {
      await connection.close().catch(() => undefined);
      await stack.stop();
    },
  };
}
