// The plan of a local stack, computed without starting anything: which services run, on which ports, at
// which URLs, with which command line and environment each. Pure, so it is unit-tested without processes.
import { join } from 'node:path';
import type { AppConfig } from '@crs-export/config';
import type { ResolvedApiKey } from './api-key';
import { devServerArgs } from './temporal-service';

export const SERVICE_NAMES = ['temporal', 'simulator', 'codec', 'worker', 'api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Stop order: the clients of Temporal and of the simulator first, Temporal last. */
export const STOP_WAVES: readonly (readonly ServiceName[])[] = [
  ['worker', 'api'],
  ['simulator', 'codec'],
  ['temporal'],
];
export const START_WAVES: readonly (readonly ServiceName[])[] = [
  ['temporal', 'simulator', 'codec'],
  ['worker', 'api'],
];

const SERVICE_MAINS: Record<Exclude<ServiceName, 'temporal'>, string> = {
  simulator: 'apps/crs-simulator/src/main.ts',
  codec: 'apps/codec-server/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  api: 'apps/api/src/main.ts',
};

export interface StackPorts {
  api: number;
  simulator: number;
  temporal: number;
  /** null: the dev server runs headless. */
  temporalUi: number | null;
  workerMetrics: number;
  /** The codec server, which runs with the Web UI only; omitted: none. */
  codec?: number;
}

export interface StackUrls {
  api: string;
  docs: string;
  openapi: string;
  temporalAddress: string;
  temporalUi: string | null;
  simulator: string | null;
  crsEndpoint: string;
  workerMetrics: string | null;
  /** The codec server (no token in it); null when it does not run. */
  codecServer: string | null;
}

/** How one service is started. */
export interface ServiceLaunch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string | null;
}

export interface StackPlanInput {
  rootDir: string;
  dataDir: string;
  config: AppConfig;
  /** The base environment every service inherits. */
  env: NodeJS.ProcessEnv;
  /** Ports already chosen (free ones resolved). */
  ports: StackPorts;
  apiKey: ResolvedApiKey;
  /**
   * The payload codec: the keys' variables for the worker, the API and the codec server, and the codec server's
   * tokens (the first one goes into the Web UI's codec endpoint); omitted or tokens null: no codec server.
   */
  codec?: { keysEnv: Record<string, string>; serverToken: string | null; serverTokens: string | null };
  /** The simulator's admin token (CRS_SIM_ADMIN_TOKEN of the simulator); null or omitted: open admin routes. */
  simulatorAdminToken?: string | null;
  /** The services asked for; external Temporal or CRS remove theirs. */
  wanted: readonly ServiceName[];
  /** An external Temporal (host:port) or CRS endpoint, or null for the embedded one. */
  external: { temporal: string | null; crs: string | null };
  persistTemporal: boolean;
  logDir: string | null;
  temporalCliPath: string | null;
  /** Extra environment per service, applied last. */
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Node's own executable and the supervisor's pid (kept as inputs so the plan stays pure). */
  nodePath: string;
  supervisorPid: number;
  orphanGuardPath: string;
}

export interface StackPlan {
  services: ServiceName[];
  ports: StackPorts;
  urls: StackUrls;
  namespace: string;
  taskQueue: string;
  launches: Partial<Record<ServiceName, ServiceLaunch>>;
}

/** The worker's V8 flags under npm start and in the image, unless NODE_OPTIONS says otherwise. */
export const WORKER_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=2';

export function planStack(input: StackPlanInput): StackPlan {
  const { config, ports, external } = input;
  const wanted = new Set(input.wanted);
  if (external.temporal) wanted.delete('temporal');
  if (external.crs) wanted.delete('simulator');
  const local = (port: number): string => `http://127.0.0.1:${port}`;
  const temporalUi = external.temporal
    ? (input.env['TEMPORAL_UI_URL'] ?? null)
    : ports.temporalUi === null
      ? null
      : local(ports.temporalUi);
  // The codec server is there for the Web UI: without a UI (the suites, the benchmarks) it does not run.
  if (temporalUi === null || !input.codec?.serverTokens || ports.codec === undefined) wanted.delete('codec');
  const services = SERVICE_NAMES.filter((name) => wanted.has(name));
  const urls: StackUrls = {
    api: local(ports.api),
    docs: `${local(ports.api)}/docs`,
    openapi: `${local(ports.api)}/openapi.json`,
    temporalAddress: external.temporal ?? `127.0.0.1:${ports.temporal}`,
    temporalUi,
    simulator: external.crs ? null : local(ports.simulator),
    crsEndpoint: external.crs ?? `${local(ports.simulator)}/v2/index.php`,
    workerMetrics: ports.workerMetrics === 0 ? null : `${local(ports.workerMetrics)}/metrics`,
    codecServer: wanted.has('codec') && ports.codec !== undefined ? local(ports.codec) : null,
  };
  const envOf = serviceEnvironments(input, urls, temporalUi);
  const launches: Partial<Record<ServiceName, ServiceLaunch>> = {};
  for (const name of services) {
    const logFile = input.logDir ? join(input.logDir, `${name}.log`) : null;
    launches[name] =
      name === 'temporal'
        ? {
            command: input.temporalCliPath ?? 'temporal',
            args: devServerArgs({
              port: ports.temporal,
              uiPort: ports.temporalUi,
              dbFile: input.persistTemporal ? join(input.dataDir, 'temporal.sqlite') : null,
              namespace: config.temporal.namespace,
              uiCodecEndpoint:
                urls.codecServer && input.codec?.serverToken ? `${urls.codecServer}/${input.codec.serverToken}` : null,
            }),
            env: envOf.temporal,
            logFile,
          }
        : {
            command: input.nodePath,
            args: ['--require', input.orphanGuardPath, join(input.rootDir, 'tools', 'run-ts.cjs'), SERVICE_MAINS[name]],
            env: envOf[name],
            logFile,
          };
  }
  return {
    services,
    ports,
    urls,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    launches,
  };
}

/**
 * Each service's environment: the base one, the stack's addresses, Tencent credentials for the worker only, and
 * the payload codec's keys for the worker, the API and the codec server only.
 */
function serviceEnvironments(
  input: StackPlanInput,
  urls: StackUrls,
  temporalUi: string | null,
): Record<ServiceName, NodeJS.ProcessEnv> {
  const { env, ports } = input;
  const common: NodeJS.ProcessEnv = {
    ...env,
    TEMPORAL_ADDRESS: urls.temporalAddress,
    CRS_STACK_SUPERVISOR_PID: String(input.supervisorPid),
  };
  delete common['TENCENTCLOUD_SECRET_ID'];
  delete common['TENCENTCLOUD_SECRET_KEY'];
  for (const name of ['CODEC_KEYS', 'CODEC_KEYS_FILE', 'CODEC_SERVER_TOKENS']) delete common[name];
  const codecKeys = input.codec?.keysEnv ?? {};
  const uiOrigins = temporalUi ? uiOriginsOf(temporalUi) : [];
  const envOf: Record<ServiceName, NodeJS.ProcessEnv> = {
    temporal: { ...common },
    simulator: {
      ...common,
      CRS_SIM_PORT: String(ports.simulator),
      ...(input.simulatorAdminToken ? { CRS_SIM_ADMIN_TOKEN: input.simulatorAdminToken } : {}),
    },
    codec: {
      ...common,
      ...codecKeys,
      CODEC_SERVER_PORT: ports.codec === undefined ? undefined : String(ports.codec),
      CODEC_SERVER_HOST: '127.0.0.1',
      CODEC_SERVER_TOKENS: input.codec?.serverTokens ?? undefined,
      CODEC_SERVER_ORIGINS: uiOrigins.join(','),
    },
    worker: {
      ...common,
      ...codecKeys,
      TENCENTCLOUD_SECRET_ID: env['TENCENTCLOUD_SECRET_ID'],
      TENCENTCLOUD_SECRET_KEY: env['TENCENTCLOUD_SECRET_KEY'],
      CRS_SIM_PORT: String(ports.simulator),
      WORKER_METRICS_PORT: String(ports.workerMetrics),
      // A local stack should stop promptly on Ctrl-C; production keeps the longer default.
      WORKER_SHUTDOWN_GRACE_MS: env['WORKER_SHUTDOWN_GRACE_MS'] ?? '5000',
      // Two glibc malloc arenas instead of up to 8 per core for the SDK's native threads, as the Docker image has
      // it: tens of MB less resident memory for the same work (bench/, the scale benchmark).
      MALLOC_ARENA_MAX: env['MALLOC_ARENA_MAX'] ?? '2',
      // A bounded V8 heap and a small young generation, as the image has it (bench/, the scale benchmark).
      NODE_OPTIONS: env['NODE_OPTIONS'] ?? WORKER_NODE_OPTIONS,
      ...(input.external.crs ? { CRS_ENDPOINT: input.external.crs } : {}),
    },
    api: {
      ...common,
      ...codecKeys,
      API_PORT: String(ports.api),
      API_HOST: '127.0.0.1',
      API_KEYS_FILE: input.apiKey.keysFile,
      API_KEYS_PEPPER_FILE: input.apiKey.pepperFile,
      ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi } : {}),
    },
  };
  for (const name of SERVICE_NAMES) {
    Object.assign(envOf[name], input.serviceEnv?.[name] ?? {});
    for (const [key, value] of Object.entries(envOf[name])) if (value === undefined) delete envOf[name][key];
  }
  return envOf;
}

/** The Web UI's origin, and its twin under localhost / 127.0.0.1 (people type either). */
function uiOriginsOf(uiUrl: string): string[] {
  const url = new URL(uiUrl);
  const origins = [url.origin];
  const twin = url.hostname === '127.0.0.1' ? 'localhost' : url.hostname === 'localhost' ? '127.0.0.1' : null;
  if (twin) origins.push(`${url.protocol}//${twin}${url.port ? `:${url.port}` : ''}`);
  return origins;
}
