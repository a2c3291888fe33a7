// The one typed configuration object, parsed once from the environment at start.
import { DEFAULT_POLLING_POLICY, type PollingPolicy } from '@crs-export/contracts';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from './demo-credentials';
import { Secret } from './secret';

export interface AppConfig {
  api: {
    port: number;
    host: string;
    /** Accepted bearer keys; empty means none configured (the API refuses to start). */
    keys: Secret[];
    /** Base URL of the Temporal Web UI, for links to executions. */
    temporalUiUrl: string;
    /** Largest accepted request body, in bytes. */
    bodyLimitBytes: number;
    /** Requests per minute per client key or address. */
    rateLimitPerMinute: number;
  };
  temporal: {
    /** null: the embedded dev server (started by `npm start` and the tests). */
    address: string | null;
    namespace: string;
    taskQueue: string;
  };
  crs: {
    /** null: the embedded simulator. */
    endpoint: string | null;
    secretId: string;
    secretKey: Secret;
    region: string;
    signatureMethod: 'HmacSHA256' | 'HmacSHA1';
    httpMethod: 'GET' | 'POST';
    timeoutMs: number;
    /**
     * CRS calls per second for the whole task queue (Tencent documents about 20 per action), enforced by the
     * Temporal server; 0 lifts it. The server limit turns eager activity dispatch off, which costs a short
     * export about 180 ms: lift it only where nothing else bounds the call rate (the simulator, benchmarks).
     */
    requestsPerSecond: number;
  };
  simulator: {
    port: number;
    /** Listen address; 127.0.0.1 unless a container needs 0.0.0.0. */
    host: string;
    /** null: the built-in demo scenario. */
    scenarioFile: string | null;
  };
  polling: PollingPolicy;
  worker: {
    maxConcurrentActivities: number;
    maxConcurrentWorkflowTasks: number;
    /**
     * Workflows kept in memory between tasks. An evicted export is replayed from its short history (about
     * 34 events) when its next task arrives, so a bounded cache trades a little CPU for a flat memory curve.
     */
    maxCachedWorkflows: number;
    /** Time the worker gives running activities on SIGTERM before cancelling them. */
    shutdownGraceMs: number;
    /** Prometheus metrics of the worker; 0 disables. */
    metricsPort: number;
    /** Listen address of the metrics endpoint; 127.0.0.1 unless a container needs 0.0.0.0. */
    metricsHost: string;
    /** A prebuilt workflow bundle (production); null bundles from source at start. */
    workflowBundlePath: string | null;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export const DEFAULT_CRS_PORT = 8090;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(key: string, fallback: string): string {
    const raw = this.env[key];
    return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  }

  optional(key: string): string | null {
    const raw = this.env[key];
    return raw === undefined || raw.trim() === '' ? null : raw.trim();
  }

  int(key: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(key);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${key}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  number(key: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(key);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      this.problems.push(`${key}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(key);
    if (raw === null) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${key}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  url(key: string): string | null {
    const raw = this.optional(key);
    if (raw === null) return null;
    try {
      const parsed = new URL(raw);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${key}=${JSON.stringify(raw)}: expected an http(s) URL`);
      return null;
    }
  }

  hostPort(key: string): string | null {
    const raw = this.optional(key);
    if (raw === null) return null;
    if (!/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(raw)) {
      this.problems.push(`${key}=${JSON.stringify(raw)}: expected host:port`);
      return null;
    }
    return raw;
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable (never their secret values). */
export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const secretId = read.string('TENCENTCLOUD_SECRET_ID', DEMO_SECRET_ID);
  const secretKey = read.string('TENCENTCLOUD_SECRET_KEY', DEMO_SECRET_KEY);
  if (read.optional('TENCENTCLOUD_SECRET_ID') !== null && read.optional('TENCENTCLOUD_SECRET_KEY') === null) {
    read.problems.push('TENCENTCLOUD_SECRET_KEY: required when TENCENTCLOUD_SECRET_ID is set');
  }
  const keys = (read.optional('API_KEYS') ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  for (const key of keys) {
    if (key.length < 16) read.problems.push('API_KEYS: every key must be at least 16 characters');
  }
  const apiPort = read.int('API_PORT', 3000, 0, 65535);
  const temporalAddress = read.hostPort('TEMPORAL_ADDRESS');
  const config: AppConfig = {
    api: {
      port: apiPort,
      host: read.string('API_HOST', '127.0.0.1'),
      keys: keys.map((key) => new Secret(key)),
      temporalUiUrl: read.url('TEMPORAL_UI_URL') ?? 'http://127.0.0.1:8233',
      bodyLimitBytes: read.int('API_BODY_LIMIT_BYTES', 16 * 1024, 256, 10 * 1024 * 1024),
      rateLimitPerMinute: read.int('API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    },
    temporal: {
      address: temporalAddress,
      namespace: read.string('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: read.string('TEMPORAL_TASK_QUEUE', 'crs-export'),
    },
    crs: {
      endpoint: read.url('CRS_ENDPOINT'),
      secretId,
      secretKey: new Secret(secretKey),
      region: read.string('TENCENTCLOUD_REGION', 'gz'),
      signatureMethod: read.oneOf('CRS_SIGNATURE_METHOD', ['HmacSHA256', 'HmacSHA1'] as const, 'HmacSHA256'),
      httpMethod: read.oneOf('CRS_HTTP_METHOD', ['GET', 'POST'] as const, 'POST'),
      timeoutMs: read.int('CRS_TIMEOUT_MS', 10_000, 100, 300_000),
      requestsPerSecond: read.number('CRS_REQUESTS_PER_SECOND', 20, 0, 100_000),
    },
    simulator: {
      port: read.int('CRS_SIM_PORT', DEFAULT_CRS_PORT, 0, 65535),
      host: read.string('CRS_SIM_HOST', '127.0.0.1'),
      scenarioFile: read.optional('CRS_SIM_SCENARIO'),
    },
    polling: {
      initialIntervalMs: read.int('EXPORT_POLL_INITIAL_MS', DEFAULT_POLLING_POLICY.initialIntervalMs, 10, 3_600_000),
      backoffCoefficient: read.number('EXPORT_POLL_BACKOFF', DEFAULT_POLLING_POLICY.backoffCoefficient, 1, 10),
      maximumIntervalMs: read.int('EXPORT_POLL_MAX_MS', DEFAULT_POLLING_POLICY.maximumIntervalMs, 10, 86_400_000),
      deadlineMs: read.int('EXPORT_DEADLINE_MS', DEFAULT_POLLING_POLICY.deadlineMs, 1_000, 30 * 86_400_000),
    },
    worker: {
      maxConcurrentActivities: read.int('WORKER_MAX_CONCURRENT_ACTIVITIES', 200, 1, 100_000),
      maxConcurrentWorkflowTasks: read.int('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 100, 1, 100_000),
      maxCachedWorkflows: read.int('WORKER_MAX_CACHED_WORKFLOWS', 250, 0, 1_000_000),
      shutdownGraceMs: read.int('WORKER_SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
      metricsPort: read.int('WORKER_METRICS_PORT', 9464, 0, 65535),
      metricsHost: read.string('WORKER_METRICS_HOST', '127.0.0.1'),
      workflowBundlePath: read.optional('WORKFLOW_BUNDLE_PATH'),
    },
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  if (config.polling.maximumIntervalMs < config.polling.initialIntervalMs) {
    read.problems.push('EXPORT_POLL_MAX_MS: must not be below EXPORT_POLL_INITIAL_MS');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** The CRS endpoint to call: the configured one, or the embedded simulator's. */
export function crsEndpointOf(config: AppConfig): string {
  return config.crs.endpoint ?? `http://127.0.0.1:${config.simulator.port}/v2/index.php`;
}
