// The real stack for the suite, on either topology: the dev server (one process on SQLite) with one worker
// and one API, or the production-like one (PostgreSQL, the split Temporal server with mTLS, two workers, two
// API replicas, the Web UI); both with the CRS simulator, tuned for short runs, every output line kept.
import type { Client } from '@temporalio/client';
import type { TemporalCluster } from '@crs-export/temporal-cluster';
import type { CapturedTraffic } from './captured-traffic';
import type { ExportApi } from './export-api';
import type { SimulatorCredentials } from './export-targets';
import type { ServiceHandle, TemporalServer } from './service-handle';
import type { SimulatorAdmin } from './simulator-admin';
import type { TopologyName } from './suite-settings';

export interface CapturedLine {
  /** The service or process: `worker-2`, `api`, `history`, `postgres`. */
  service: string;
  line: string;
}

export interface UnexpectedExit {
  service: string;
  description: string;
  at: string;
}

export interface ReliabilityStackOptions {
  rootDir: string;
  /** Everything of the run lives here (database, logs, scenario, bundle); emptied first. */
  workDir: string;
  /** The simulator scenario (its credentials must be `credentials`). */
  scenario: Record<string, unknown>;
  /** The Tencent credentials the worker signs with. */
  credentials: SimulatorCredentials;
  apiKey: string;
}

export interface ReliabilityStack {
  topology: TopologyName;
  /** What runs, in a sentence, for the report. */
  description: string;
  /** Over every API replica, failing over when one is down. */
  api: ExportApi;
  simulator: SimulatorAdmin;
  /** A client of the suite's own (the same TLS as the services). */
  temporal: Client;
  workers: readonly ServiceHandle[];
  apis: readonly ServiceHandle[];
  simulatorService: ServiceHandle;
  temporalServer: TemporalServer;
  /** The production topology's cluster (PostgreSQL, history, frontend, UI); null on the dev server. */
  cluster: TemporalCluster | null;
  uiUrl: string | null;
  traffic: CapturedTraffic;
  lines: CapturedLine[];
  unexpectedExits: UnexpectedExit[];
  /** Every directory holding `*.log` files of the run (searched recursively by the secret scan). */
  logDirs: readonly string[];
  workDir: string;
  scenarioFile: string;
  startupMs: number;
  /** The services' settings, for the report. */
  settings: Record<string, string>;
  /** Measured facts of the topology (start time, memory), for the report. */
  facts: string[];
  close(): Promise<void>;
}

/**
 * Environment knobs: polls every 100-500 ms, CRS calls time out after 4 s, no rate limit in the way. The
 * timeout stays well above the latency the scenarios inject (800 ms): with 1 s, a call that took a little
 * longer on a loaded machine timed out and its activity ran a second time, which the graceful-shutdown
 * scenario rightly counts as a failure. The export deadline (180 s) is also the bound of every activity's
 * retries, so the long outage (60 s) is a third of it, as hours of outage are of the 6 h default.
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
export function baseEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'XDG_CACHE_HOME', 'CRS_EXPORT_CACHE_DIR', 'GOPATH', 'GOCACHE'];
  return Object.fromEntries(keep.filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]]));
}

/** How an exit reads in the report. */
export function exitDescription(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? '?'}`;
}

export async function startReliabilityStack(
  topology: TopologyName,
  options: ReliabilityStackOptions,
): Promise<ReliabilityStack> {
  switch (topology) {
    case 'dev':
      return (await import('./dev-stack')).startDevStack(options);
    case 'production':
      return (await import('./production-stack')).startProductionStack(options);
  }
}
