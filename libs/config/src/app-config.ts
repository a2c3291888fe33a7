// The one typed configuration object, derived from one schema of the environment and parsed once at start.
import { z } from 'zod';
import { DEFAULT_POLLING_POLICY, isKnownRegion } from '@crs-export/contracts';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from './demo-credentials';
import { refusedValueIssues } from './refused-values';
import { Secret } from './secret';
import {
  decimal,
  hostPort,
  httpUrl,
  integer,
  flag,
  oneOf,
  optionalSecret,
  rateLimits,
  optionalText,
  retired,
  secretList,
  text,
  trustProxy,
} from './env-fields';

export const DEFAULT_CRS_PORT = 8090;
/** API 3.0's host for Redis (regional and finance-zone hosts work too: redis.<region>.tencentcloudapi.com). */
export const TENCENT_REDIS_HOST = 'redis.tencentcloudapi.com';
/** Where the embedded dev server listens when TEMPORAL_ADDRESS is not set. */
export const EMBEDDED_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/** Variables whose values are secret: an error names them but never prints what they hold. */
const SECRET_VARIABLES = new Set([
  'API_KEYS',
  'TEMPORAL_API_KEY',
  'TENCENTCLOUD_SECRET_KEY',
  'TENCENTCLOUD_SESSION_TOKEN',
  'CRS_SIM_ADMIN_TOKEN',
  'CODEC_KEYS',
  'CODEC_SERVER_TOKENS',
]);

const DAY_MS = 86_400_000;
const DEFAULT_UI_URL = 'http://127.0.0.1:8233';

function isHttpOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** A comma-separated list, trimmed, blanks dropped; null when it names nothing. */
function listOf(value: string | null): string[] | null {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return items.length > 0 ? items : null;
}

/** Every variable the services read, with its type, range and default (the README's table). */
export const envSchema = z.object({
  API_PORT: integer(3000, 0, 65535),
  API_HOST: text('127.0.0.1'),
  API_KEYS_FILE: optionalText(),
  API_KEYS_PEPPER_FILE: optionalText(),
  API_KEYS: retired(),
  API_TRUST_PROXY: trustProxy(),
  API_AUDIT_LOG_FILE: optionalText(),
  API_BODY_LIMIT_BYTES: integer(16 * 1024, 256, 10 * 1024 * 1024),
  API_RATE_LIMIT_PER_MINUTE: integer(600, 1, 1_000_000),
  TEMPORAL_UI_URL: httpUrl(),
  TEMPORAL_ADDRESS: hostPort(),
  TEMPORAL_NAMESPACE: text('default'),
  TEMPORAL_TLS: oneOf(['auto', 'on', 'off'], 'auto'),
  TEMPORAL_TLS_CA: optionalText(),
  TEMPORAL_TLS_CERT: optionalText(),
  TEMPORAL_TLS_KEY: optionalText(),
  TEMPORAL_TLS_SERVER_NAME: optionalText(),
  TEMPORAL_API_KEY: optionalSecret(),
  TEMPORAL_TASK_QUEUE: text('crs-export'),
  CRS_API_VERSION: oneOf(['3', '2'], '3'),
  CRS_ENDPOINT: httpUrl(),
  CRS_CONNECT_TO: hostPort(),
  TENCENTCLOUD_SECRET_ID: optionalText(),
  TENCENTCLOUD_SECRET_KEY: optionalSecret(),
  TENCENTCLOUD_SESSION_TOKEN: optionalSecret(),
  TENCENTCLOUD_CREDENTIAL_SOURCE: oneOf(['auto', 'static', 'env', 'profile', 'cvm-role', 'oidc', 'chain'], 'auto'),
  TENCENTCLOUD_REGION: text('gz'),
  CRS_SIGNATURE_METHOD: oneOf(['HmacSHA256', 'HmacSHA1'], 'HmacSHA256'),
  CRS_HTTP_METHOD: oneOf(['GET', 'POST'], 'POST'),
  CRS_TIMEOUT_MS: integer(10_000, 100, 300_000),
  CRS_RATE_LIMITS: rateLimits(),
  CRS_SIM_PORT: integer(DEFAULT_CRS_PORT, 0, 65535),
  CRS_SIM_HOST: text('127.0.0.1'),
  CRS_SIM_SCENARIO: optionalText(),
  CRS_SIM_ADMIN_TOKEN: optionalText(),
  CRS_SIM_STATE_FILE: optionalText(),
  ARCHIVE_URL: optionalText(),
  ARCHIVE_DESTINATIONS: optionalText(),
  ARCHIVE_S3_ENDPOINT: httpUrl(),
  ARCHIVE_S3_REGION: text('us-east-1'),
  ARCHIVE_S3_FORCE_PATH_STYLE: flag(false),
  ARCHIVE_PART_SIZE_MB: integer(16, 5, 512),
  ARCHIVE_CHECK_ATTEMPTS: integer(3, 1, 10),
  ARCHIVE_S3_PART_CHECKSUM: oneOf(['sha256', 'md5'], 'sha256'),
  ARCHIVE_DOWNLOAD_NETWORK: oneOf(['extranet', 'intranet'], 'extranet'),
  BATCH_CONCURRENCY: integer(10, 1, 500),
  SCHEDULE_TIME_ZONE: text('Asia/Shanghai'),
  WEBHOOK_ENDPOINTS: optionalText(),
  WEBHOOK_ENDPOINTS_FILE: optionalText(),
  WEBHOOK_DELIVERY_HOURS: integer(24, 1, 24 * 30),
  EXPORT_POLL_INITIAL_MS: integer(DEFAULT_POLLING_POLICY.initialIntervalMs, 10, 3_600_000),
  EXPORT_POLL_BACKOFF: decimal(DEFAULT_POLLING_POLICY.backoffCoefficient, 1, 10),
  EXPORT_POLL_MAX_MS: integer(DEFAULT_POLLING_POLICY.maximumIntervalMs, 10, DAY_MS),
  EXPORT_DEADLINE_MS: integer(DEFAULT_POLLING_POLICY.deadlineMs, 1_000, 30 * DAY_MS),
  // Lean defaults, measured by the scale benchmark (bench/): with the worker's heap flags of npm start and the
  // image, 2,000 exports in flight fit in 300 MB of RSS; more cache buys nothing an export waiting for Tencent needs.
  WORKER_MAX_CONCURRENT_ACTIVITIES: integer(50, 1, 100_000),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: integer(10, 1, 100_000),
  WORKER_MAX_CACHED_WORKFLOWS: integer(50, 0, 1_000_000),
  WORKER_SHUTDOWN_GRACE_MS: integer(30_000, 0, 3_600_000),
  WORKER_DEPLOYMENT_NAME: optionalText(),
  WORKER_BUILD_ID: optionalText(),
  WORKER_VERSIONING_BEHAVIOR: oneOf(['auto-upgrade', 'pinned'], 'auto-upgrade'),
  WORKER_METRICS_PORT: integer(9464, 0, 65535),
  WORKER_METRICS_HOST: text('127.0.0.1'),
  WORKFLOW_BUNDLE_PATH: optionalText(),
  CODEC_KEYS_FILE: optionalText(),
  CODEC_KEYS: optionalSecret(),
  CODEC_SERVER_PORT: integer(8888, 0, 65535),
  CODEC_SERVER_HOST: text('127.0.0.1'),
  CODEC_SERVER_TOKENS: secretList(22),
  CODEC_SERVER_ORIGINS: optionalText(),
  LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'], 'info'),
});

type Env = z.output<typeof envSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Rules across variables, reported with the rest. */
function crossChecks(env: Env, ctx: z.RefinementCtx): void {
  refusedValueIssues(env, ctx);
  if (env.API_KEYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['API_KEYS'],
      message:
        'no longer read: API keys are kept hashed in a keys file. Create one with ' +
        '`npx crs-export keys create --file /path/api-keys.json --scopes read,export`, ' +
        'set API_KEYS_FILE to it, and remove API_KEYS',
    });
  }
  if (env.TENCENTCLOUD_SECRET_ID !== null && env.TENCENTCLOUD_SECRET_KEY === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['TENCENTCLOUD_SECRET_KEY'],
      message: 'required when TENCENTCLOUD_SECRET_ID is set',
    });
  }
  if (env.TENCENTCLOUD_CREDENTIAL_SOURCE === 'static' && env.TENCENTCLOUD_SECRET_ID === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['TENCENTCLOUD_CREDENTIAL_SOURCE'],
      message: 'static needs TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
    });
  }
  if (!isKnownRegion(env.TENCENTCLOUD_REGION)) {
    ctx.addIssue({
      code: 'custom',
      path: ['TENCENTCLOUD_REGION'],
      message: 'expected a Tencent Cloud region, short (gz) or long (ap-guangzhou)',
    });
  }
  if (env.CRS_API_VERSION === '3' && env.CRS_ENDPOINT !== null) {
    const url = new URL(env.CRS_ENDPOINT);
    if (!url.hostname.startsWith('redis.') || url.pathname.replace(/\/+$/, '') !== '' || url.port !== '') {
      ctx.addIssue({
        code: 'custom',
        path: ['CRS_ENDPOINT'],
        message:
          'API 3.0 needs the host of Tencent Cloud Redis, e.g. https://redis.tencentcloudapi.com (no port, no path; use CRS_CONNECT_TO to reach another address); /v2/index.php endpoints need CRS_API_VERSION=2',
      });
    }
  }
  if ((env.WORKER_DEPLOYMENT_NAME === null) !== (env.WORKER_BUILD_ID === null)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.WORKER_DEPLOYMENT_NAME === null ? 'WORKER_DEPLOYMENT_NAME' : 'WORKER_BUILD_ID'],
      message: 'worker versioning needs both WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID',
    });
  }
  if ((env.TEMPORAL_TLS_CERT === null) !== (env.TEMPORAL_TLS_KEY === null)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.TEMPORAL_TLS_CERT === null ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY'],
      message: 'mTLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY',
    });
  }
  if (env.TEMPORAL_TLS === 'off' && (env.TEMPORAL_TLS_CERT !== null || env.TEMPORAL_API_KEY !== null)) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS'],
      message: 'off does not go with a client certificate or an API key (both need TLS)',
    });
  }
  if (!isTimeZone(env.SCHEDULE_TIME_ZONE)) {
    ctx.addIssue({
      code: 'custom',
      path: ['SCHEDULE_TIME_ZONE'],
      message: 'expected an IANA time zone such as Asia/Shanghai or UTC',
    });
  }
  if (env.WEBHOOK_ENDPOINTS !== null && env.WEBHOOK_ENDPOINTS_FILE !== null) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_ENDPOINTS_FILE'],
      message: 'set WEBHOOK_ENDPOINTS or WEBHOOK_ENDPOINTS_FILE, not both',
    });
  }
  if (env.CODEC_KEYS_FILE !== null && env.CODEC_KEYS !== null) {
    ctx.addIssue({ code: 'custom', path: ['CODEC_KEYS'], message: 'set CODEC_KEYS or CODEC_KEYS_FILE, not both' });
  }
  const badOrigin = (listOf(env.CODEC_SERVER_ORIGINS) ?? []).find((origin) => !isHttpOrigin(origin));
  if (badOrigin !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['CODEC_SERVER_ORIGINS'],
      message: `expected comma-separated origins like http://127.0.0.1:8233 (scheme, host, port; no path), not ${JSON.stringify(badOrigin)}`,
    });
  }
  if (env.EXPORT_POLL_MAX_MS < env.EXPORT_POLL_INITIAL_MS) {
    ctx.addIssue({ code: 'custom', path: ['EXPORT_POLL_MAX_MS'], message: 'must not be below EXPORT_POLL_INITIAL_MS' });
  }
}

/** The configuration as the code uses it: grouped by concern, secrets wrapped, defaults applied. */
function toAppConfig(env: Env) {
  return {
    api: {
      port: env.API_PORT,
      host: env.API_HOST,
      /** The keys file (hashed keys with scopes, reloaded when it changes); null: none (the API refuses to start). */
      keysFile: env.API_KEYS_FILE,
      /** The pepper of the keys' HMACs; null: beside the keys file (`api-keys.json` -> `api-keys.pepper`). */
      keysPepperFile: env.API_KEYS_PEPPER_FILE,
      /** Express's `trust proxy`: false, a hop count, or the proxies' addresses; X-Forwarded-For only then. */
      trustProxy: env.API_TRUST_PROXY,
      /** Where audit lines go; null: the API's log, as JSON lines marked `"log":"audit"`. */
      auditLogFile: env.API_AUDIT_LOG_FILE,
      /** Base URL of the Temporal Web UI, for links to executions. */
      temporalUiUrl: env.TEMPORAL_UI_URL ?? DEFAULT_UI_URL,
      bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
      /** Requests per minute per client key or address. */
      rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    },
    temporal: {
      /** null: the embedded dev server (started by `npm start` and the tests); see temporalAddressOf. */
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      /**
       * TLS to the frontend: on when asked, or (auto) when a CA, a client certificate, a server name or an API key
       * is given. The files are read by temporalConnectionOptions.
       */
      tls: {
        enabled:
          env.TEMPORAL_TLS === 'on' ||
          (env.TEMPORAL_TLS === 'auto' &&
            (env.TEMPORAL_TLS_CA !== null ||
              env.TEMPORAL_TLS_CERT !== null ||
              env.TEMPORAL_TLS_SERVER_NAME !== null ||
              env.TEMPORAL_API_KEY !== null)),
        caFile: env.TEMPORAL_TLS_CA,
        certFile: env.TEMPORAL_TLS_CERT,
        keyFile: env.TEMPORAL_TLS_KEY,
        serverName: env.TEMPORAL_TLS_SERVER_NAME,
      },
      /** Temporal Cloud's API key (sent as a bearer token over TLS). */
      apiKey: env.TEMPORAL_API_KEY,
    },
    crs: {
      /** Which generation of Tencent's API the worker speaks: 3 (what every account uses) or the legacy 2. */
      apiVersion: Number(env.CRS_API_VERSION) as 2 | 3,
      /** null: the embedded simulator; see crsEndpointOf (v2) and v3EndpointOf. */
      endpoint: env.CRS_ENDPOINT,
      /** Connect to this host:port instead of the endpoint's host, which is still what is signed (the simulator). */
      connectTo: env.CRS_CONNECT_TO,
      secretId: env.TENCENTCLOUD_SECRET_ID ?? DEMO_SECRET_ID,
      secretKey: env.TENCENTCLOUD_SECRET_KEY ?? new Secret(DEMO_SECRET_KEY),
      sessionToken: env.TENCENTCLOUD_SESSION_TOKEN,
      /**
       * Where the worker's Tencent credentials come from (API 3.0): static (the variables above), one of the
       * SDK's providers (env, profile, cvm-role, oidc), or the SDK's chain. auto: static when
       * TENCENTCLOUD_SECRET_ID is set or the embedded simulator is used (its demo credentials), else chain.
       */
      credentialSource:
        env.TENCENTCLOUD_CREDENTIAL_SOURCE === 'auto'
          ? env.TENCENTCLOUD_SECRET_ID !== null || env.CRS_ENDPOINT === null
            ? ('static' as const)
            : ('chain' as const)
          : env.TENCENTCLOUD_CREDENTIAL_SOURCE,
      region: env.TENCENTCLOUD_REGION,
      signatureMethod: env.CRS_SIGNATURE_METHOD,
      httpMethod: env.CRS_HTTP_METHOD,
      timeoutMs: env.CRS_TIMEOUT_MS,
      /**
       * Calls per second per action for the whole account (Tencent's documented limits; `*` for the rest),
       * shared by all workers; null: no limit (the simulator's benchmarks).
       */
      rateLimits: env.CRS_RATE_LIMITS,
    },
    simulator: {
      port: env.CRS_SIM_PORT,
      /** Listen address; 127.0.0.1 unless a container needs 0.0.0.0. */
      host: env.CRS_SIM_HOST,
      /** null: the built-in demo scenario. */
      scenarioFile: env.CRS_SIM_SCENARIO,
      /** When set, the simulator's /_sim admin routes need `Authorization: Bearer <token>`. */
      adminToken: env.CRS_SIM_ADMIN_TOKEN,
      /** When set, the simulator keeps its state in this file across restarts, as Tencent does. */
      stateFile: env.CRS_SIM_STATE_FILE,
    },
    archive: {
      /** Where exports are archived when a request names no destination; null: no archive by default. */
      defaultDestination: env.ARCHIVE_URL,
      /**
       * Destinations a request may name (the default one always): a request's destination must lie inside one
       * of them, so that a caller cannot make the worker write anywhere.
       */
      allowedDestinations: [
        ...new Set(
          [env.ARCHIVE_URL, ...(env.ARCHIVE_DESTINATIONS ?? '').split(',')]
            .map((item) => item?.trim() ?? '')
            .filter((item) => item.length > 0),
        ),
      ],
      s3: {
        /** null: AWS S3 itself; Tencent COS: https://cos.<region>.myqcloud.com; other S3 servers: theirs. */
        endpoint: env.ARCHIVE_S3_ENDPOINT,
        region: env.ARCHIVE_S3_REGION,
        forcePathStyle: env.ARCHIVE_S3_FORCE_PATH_STYLE,
        /** How each part is checked on arrival: sha256 (AWS S3 and most servers) or md5 (Tencent COS). */
        partChecksum: env.ARCHIVE_S3_PART_CHECKSUM,
      },
      /** Which of Tencent's URLs the worker downloads from: extranet, or intranet inside Tencent Cloud. */
      downloadNetwork: env.ARCHIVE_DOWNLOAD_NETWORK,
      partSizeBytes: env.ARCHIVE_PART_SIZE_MB * 1024 * 1024,
      /** Downloads of a file that fails a check before the export fails. */
      checkAttempts: env.ARCHIVE_CHECK_ATTEMPTS,
    },
    fleet: {
      /** Child exports a batch runs at once unless its request says otherwise. */
      batchConcurrency: env.BATCH_CONCURRENCY,
      /** The time zone of schedules that name none: Tencent's times are Beijing time. */
      scheduleTimeZone: env.SCHEDULE_TIME_ZONE,
    },
    notifications: {
      /** Webhook endpoints by name (`name=url|secretFile=...`, see libs/notifications), or a JSON file of them. */
      endpointsList: env.WEBHOOK_ENDPOINTS,
      endpointsFile: env.WEBHOOK_ENDPOINTS_FILE,
      /** How long an event is retried against an endpoint that is down before it is given up. */
      deliveryDeadlineMs: env.WEBHOOK_DELIVERY_HOURS * 3_600_000,
    },
    polling: {
      initialIntervalMs: env.EXPORT_POLL_INITIAL_MS,
      backoffCoefficient: env.EXPORT_POLL_BACKOFF,
      maximumIntervalMs: env.EXPORT_POLL_MAX_MS,
      deadlineMs: env.EXPORT_DEADLINE_MS,
    },
    worker: {
      maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      /** Workflows kept in memory between tasks; an evicted export is replayed from its short history. */
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
      /** Time the worker gives running activities on SIGTERM before cancelling them. */
      shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
      /**
       * Temporal's worker versioning: this worker's deployment version (name and build id); null: unversioned.
       * auto-upgrade: running executions move to the deployment's current version (the replay tests and the
       * patched() policy keep that safe); pinned: each stays on the build it started on until it ends.
       */
      deployment:
        env.WORKER_DEPLOYMENT_NAME === null || env.WORKER_BUILD_ID === null
          ? null
          : {
              deploymentName: env.WORKER_DEPLOYMENT_NAME,
              buildId: env.WORKER_BUILD_ID,
              behavior: env.WORKER_VERSIONING_BEHAVIOR,
            },
      /** Prometheus metrics of the worker; 0 disables. */
      metricsPort: env.WORKER_METRICS_PORT,
      metricsHost: env.WORKER_METRICS_HOST,
      /** A prebuilt workflow bundle (production); null bundles from source at start. */
      workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    },
    codec: {
      /** The payload codec's keys: a keys file or a key list, one of them (libs/payload-codec loads them). */
      keysFile: env.CODEC_KEYS_FILE,
      keys: env.CODEC_KEYS,
      server: {
        port: env.CODEC_SERVER_PORT,
        host: env.CODEC_SERVER_HOST,
        /** Access tokens: `Authorization: Bearer <token>`, or the path prefix `/<token>/decode` (the Web UI). */
        tokens: env.CODEC_SERVER_TOKENS,
        /** Browser origins allowed to call it; default the Web UI's (TEMPORAL_UI_URL). */
        allowedOrigins: listOf(env.CODEC_SERVER_ORIGINS) ?? [new URL(env.TEMPORAL_UI_URL ?? DEFAULT_UI_URL).origin],
      },
    },
    logLevel: env.LOG_LEVEL,
  };
}

export const appConfigSchema = envSchema.superRefine(crossChecks).transform(toAppConfig);

export type AppConfig = z.output<typeof appConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable (never their secret values). */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = appConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      const value = env[key];
      const shown = SECRET_VARIABLES.has(key) || value === undefined ? key : `${key}=${JSON.stringify(value.trim())}`;
      return `${shown}: ${issue.message}`;
    }),
  );
}

/** The CRS endpoint to call: the configured one, or the embedded simulator's. */
export function crsEndpointOf(config: AppConfig): string {
  return config.crs.endpoint ?? `http://127.0.0.1:${config.simulator.port}/v2/index.php`;
}

/** The 3.0 endpoint: the configured one, or the embedded simulator reached as if it were Tencent. */
export function v3EndpointOf(config: AppConfig): { endpoint: string; connectTo: string | null } {
  if (config.crs.endpoint !== null) return { endpoint: config.crs.endpoint, connectTo: config.crs.connectTo };
  return {
    endpoint: `http://${TENCENT_REDIS_HOST}`,
    connectTo: config.crs.connectTo ?? `127.0.0.1:${config.simulator.port}`,
  };
}

/** The Temporal frontend to connect to: the configured one, or the embedded dev server's. */
export function temporalAddressOf(config: AppConfig): string {
  return config.temporal.address ?? EMBEDDED_TEMPORAL_ADDRESS;
}

/** The Temporal Web UI's page of one execution (links in resources and webhook events). */
export function executionUrlOf(config: AppConfig, workflowId: string): string {
  const base = config.api.temporalUiUrl.replace(/\/+$/, '');
  const namespace = encodeURIComponent(config.temporal.namespace);
  return `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
}
