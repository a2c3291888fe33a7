// startStack(): the whole local stack (Temporal dev server, CRS simulator, worker, API) as supervised
// children: resolves what needs I/O (ports, API key, Temporal CLI), plans the stack, supervises the plan.
import { join, resolve } from 'node:path';
import { loadConfig, temporalConnectionOptions } from '@crs-export/config';
import { findOrBuildTemporalCli } from '@crs-export/dev-temporal';
import { portIsFree, waitUntilReady } from '@crs-export/process-supervisor';
import { resolveApiKey, type ResolvedApiKey } from './api-key';
import { resolveCodecKeys, resolveCodecServerToken } from './codec-secrets';
import { resolveSimulatorAdminToken } from './simulator-admin-token';
import { allocatePort, PortInUseError } from './port-allocation';
import { planStack, SERVICE_NAMES, type ServiceName, type StackPorts } from './stack-plan';
import { superviseStack, type Stack, type StackCallbacks } from './stack-supervisor';
import { temporalReadyProbe } from './temporal-service';

export interface StackOptions extends StackCallbacks {
  /** Repository root; default: three levels above this file (libs/local-stack/src). */
  rootDir?: string;
  /** Temporal's SQLite file, the API key and the logs live here; default `<root>/.data`. */
  dataDir?: string;
  /** Base environment of every service and source of the defaults; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Ports; 0 asks for a free one. Defaults: API_PORT, CRS_SIM_PORT, WORKER_METRICS_PORT, 7233 and 8233. */
  ports?: Partial<StackPorts>;
  /** Services to run; default all. Temporal and the simulator are skipped anyway when external. */
  services?: readonly ServiceName[];
  /** Extra environment per service, applied last. */
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** An external Temporal (host:port); default TEMPORAL_ADDRESS. Then no dev server is started. */
  temporalAddress?: string | null;
  /** An external CRS endpoint; default CRS_ENDPOINT. Then no simulator is started. */
  crsEndpoint?: string | null;
  /** Keep Temporal's state in `<dataDir>/temporal.sqlite` (default) or in memory (false). */
  persistTemporal?: boolean;
  /** Where each service's output is appended as `<name>.log`; default `<dataDir>/logs`; null: nowhere. */
  logDir?: string | null;
  /**
   * An API key (`crs_<id>_<secret>`: newApiKeyToken(), or testApiKeyToken() in tests), added with every scope to
   * `<dataDir>/api-keys.json`; default: API_KEYS_FILE, else the demo key kept in `<dataDir>/api-key`.
   */
  apiKey?: string;
  /**
   * The simulator's admin token (`stack.simulatorAdminToken`); default: CRS_SIM_ADMIN_TOKEN, else the one kept in
   * `<dataDir>/sim-admin-token` (generated once); null: open admin routes.
   */
  simulatorAdminToken?: string | null;
  temporalCliPath?: string;
  /** Per service; default 120 s (the worker bundles the workflow code at start). */
  readyTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL; default 20 s. */
  stopTimeoutMs?: number;
}

function defaultRootDir(): string {
  return resolve(__dirname, '..', '..', '..');
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const rootDir = options.rootDir ?? defaultRootDir();
  const dataDir = resolve(rootDir, options.dataDir ?? '.data');
  const env = options.env ?? process.env;
  // Fails here, naming every bad variable, rather than in three children at once.
  const config = loadConfig(env);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`[stack] ${message}\n`));
  const external = {
    temporal: options.temporalAddress !== undefined ? options.temporalAddress : config.temporal.address,
    crs: options.crsEndpoint !== undefined ? options.crsEndpoint : config.crs.endpoint,
  };
  const wanted = new Set<ServiceName>(options.services ?? SERVICE_NAMES);
  if (external.temporal) wanted.delete('temporal');
  if (external.crs) wanted.delete('simulator');
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const apiKey: ResolvedApiKey = await resolveApiKey({ dataDir, env, given: options.apiKey });
  const simulatorAdminToken = !wanted.has('simulator')
    ? null
    : options.simulatorAdminToken !== undefined
      ? options.simulatorAdminToken
      : resolveSimulatorAdminToken({ dataDir, configured: env['CRS_SIM_ADMIN_TOKEN'] }).token;
  // The demo's codec key is made here once and handed to every process that needs it; a bad key fails here.
  const codecKeys = await resolveCodecKeys({ dataDir, config });
  const requestedPorts = options.ports ?? {};
  if (requestedPorts.temporalUi === null || (external.temporal && !env['TEMPORAL_UI_URL'])) wanted.delete('codec');
  const codecServerToken = wanted.has('codec') ? resolveCodecServerToken({ dataDir, config }) : null;
  const plan = planStack({
    rootDir,
    dataDir,
    config,
    env,
    ports: await resolvePorts(requestedPorts, config, wanted),
    apiKey,
    codec: {
      keysEnv: codecKeys.env,
      serverToken: codecServerToken?.token ?? null,
      serverTokens: codecServerToken?.tokens ?? null,
    },
    simulatorAdminToken,
    wanted: [...wanted],
    external,
    persistTemporal: options.persistTemporal !== false,
    logDir: options.logDir === undefined ? join(dataDir, 'logs') : options.logDir,
    temporalCliPath: wanted.has('temporal') ? (options.temporalCliPath ?? (await requireTemporalCli())) : null,
    ...(options.serviceEnv ? { serviceEnv: options.serviceEnv } : {}),
    nodePath: process.execPath,
    supervisorPid: process.pid,
    orphanGuardPath: join(__dirname, 'orphan-guard.cjs'),
  });
  if (external.temporal) {
    // An external Temporal must answer; registering the search attributes there may need rights we lack.
    const { address: _address, ...connection } = temporalConnectionOptions(config);
    const probe = temporalReadyProbe({
      address: external.temporal,
      namespace: plan.namespace,
      connection,
      searchAttributes: 'best-effort',
      onWarning: warn,
    });
    await waitUntilReady(probe, { service: 'temporal', timeoutMs: readyTimeoutMs, signal: options.signal });
  }
  return superviseStack(
    plan,
    {
      rootDir,
      dataDir,
      apiKey,
      codecKeys,
      codecServerToken,
      simulatorAdminToken,
      readyTimeoutMs,
      stopTimeoutMs: options.stopTimeoutMs ?? 20_000,
    },
    { ...options, onWarning: warn },
  );
}

async function resolvePorts(
  requested: Partial<StackPorts>,
  config: ReturnType<typeof loadConfig>,
  wanted: Set<ServiceName>,
): Promise<StackPorts> {
  const fixed: { what: string; port: number; variable: string; service: ServiceName }[] = [];
  const pick = async (
    value: number | undefined,
    fallback: number,
    what: string,
    variable: string,
    service: ServiceName,
  ): Promise<number> => {
    const port = await allocatePort(value ?? fallback);
    if ((value ?? fallback) !== 0 && wanted.has(service)) fixed.push({ what, port, variable, service });
    return port;
  };
  const ports: StackPorts = {
    api: await pick(requested.api, config.api.port, 'API', 'API_PORT', 'api'),
    simulator: await pick(requested.simulator, config.simulator.port, 'CRS simulator', 'CRS_SIM_PORT', 'simulator'),
    temporal: await pick(requested.temporal, 7233, 'Temporal frontend', 'TEMPORAL_ADDRESS', 'temporal'),
    temporalUi:
      requested.temporalUi === null
        ? null
        : await pick(requested.temporalUi, 8233, 'Temporal Web UI', 'TEMPORAL_ADDRESS', 'temporal'),
    codec: await pick(requested.codec, config.codec.server.port, 'codec server', 'CODEC_SERVER_PORT', 'codec'),
    workerMetrics:
      requested.workerMetrics === undefined && config.worker.metricsPort === 0
        ? 0
        : await pick(
            requested.workerMetrics,
            config.worker.metricsPort,
            'worker metrics',
            'WORKER_METRICS_PORT',
            'worker',
          ),
  };
  const conflicts = [];
  for (const candidate of fixed) if (!(await portIsFree(candidate.port))) conflicts.push(candidate);
  if (conflicts.length > 0) throw new PortInUseError(conflicts);
  return ports;
}

async function requireTemporalCli(): Promise<string> {
  const cli = await findOrBuildTemporalCli();
  if (!cli) {
    throw new Error(
      'no Temporal CLI: put `temporal` on PATH, install Go 1.25+ (it is then built once), or set TEMPORAL_ADDRESS',
    );
  }
  return cli.path;
}
