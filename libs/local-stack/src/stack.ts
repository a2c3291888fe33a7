// startStack(): the whole local stack (Temporal dev server, CRS simulator, worker, API) as supervised children.
import { join, resolve } from 'node:path';
import { loadConfig } from '@crs-export/config';
import { findOrBuildTemporalCli } from '@crs-export/dev-temporal';
import {
  describeExit,
  httpProbe,
  logLineProbe,
  portIsFree,
  ServiceProcess,
  waitUntilReady,
  type ReadinessProbe,
  type ServiceExit,
} from '@crs-export/process-supervisor';
import { resolveApiKey, type ResolvedApiKey } from './api-key';
import { allocatePort, PortInUseError } from './port-allocation';
import { devServerArgs, temporalReadyProbe } from './temporal-service';

export const SERVICE_NAMES = ['temporal', 'simulator', 'worker', 'api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Stop order: the clients of Temporal and of the simulator first, Temporal last. */
const STOP_WAVES: ServiceName[][] = [['worker', 'api'], ['simulator'], ['temporal']];
const START_WAVES: ServiceName[][] = [
  ['temporal', 'simulator'],
  ['worker', 'api'],
];

const SERVICE_MAINS: Record<Exclude<ServiceName, 'temporal'>, string> = {
  simulator: 'apps/crs-simulator/src/main.ts',
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
}

export interface StackOptions {
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
  /** The API key; default: API_KEYS, else the one kept in `<dataDir>/api-key` (generated once). */
  apiKey?: string;
  temporalCliPath?: string;
  /** Per service; default 120 s (the worker bundles the workflow code at start). */
  readyTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL; default 20 s. */
  stopTimeoutMs?: number;
  onLine?: (service: ServiceName, line: string) => void;
  /** A service exited that nobody stopped or killed. The stack does not stop the others by itself. */
  onUnexpectedExit?: (service: ServiceName, exit: ServiceExit, recentLines: string[]) => void;
  onWarning?: (message: string) => void;
  /** Each service as it becomes ready, with the time its start took. */
  onReady?: (service: ServiceName, elapsedMs: number) => void;
  /** Aborting during the start stops what has started and rejects; after the start it does nothing. */
  signal?: AbortSignal;
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
}

export interface Stack {
  readonly rootDir: string;
  readonly dataDir: string;
  readonly ports: StackPorts;
  readonly urls: StackUrls;
  readonly apiKey: ResolvedApiKey;
  readonly namespace: string;
  readonly taskQueue: string;
  /** The services this stack runs (not the external ones). */
  readonly services: readonly ServiceName[];
  pid(service: ServiceName): number | null;
  pids(): Partial<Record<ServiceName, number>>;
  running(service: ServiceName): boolean;
  recentLines(service: ServiceName): string[];
  /** Sends a signal to the service's process group; resolves once it has exited. Not reported as unexpected. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<ServiceExit>;
  /** Stops one service (SIGTERM, then SIGKILL after the stop timeout). */
  stopService(service: ServiceName): Promise<ServiceExit>;
  /** Starts a stopped or killed service again, on the same ports and data, and waits until it is ready. */
  startService(service: ServiceName): Promise<void>;
  /** stopService then startService. */
  restart(service: ServiceName): Promise<void>;
  /** Stops everything: worker and API, then the simulator, then Temporal. Safe to call twice. */
  stop(): Promise<void>;
}

interface ManagedService {
  name: ServiceName;
  process: ServiceProcess;
  probe: () => ReadinessProbe;
  /** Set while a stop or kill was asked for, so the exit is not reported as unexpected. */
  expectedDown: boolean;
  /** Set until ready: a death then rejects the start instead of being reported. */
  launching: boolean;
}

function defaultRootDir(): string {
  return resolve(__dirname, '..', '..', '..');
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const rootDir = options.rootDir ?? defaultRootDir();
  const dataDir = resolve(rootDir, options.dataDir ?? '.data');
  const baseEnv = options.env ?? process.env;
  // Fails here, naming every bad variable, rather than in three children at once.
  const config = loadConfig(baseEnv);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`[stack] ${message}\n`));
  const temporalAddressExternal =
    options.temporalAddress !== undefined ? options.temporalAddress : config.temporal.address;
  const crsEndpointExternal = options.crsEndpoint !== undefined ? options.crsEndpoint : config.crs.endpoint;
  const wanted = new Set<ServiceName>(options.services ?? SERVICE_NAMES);
  if (temporalAddressExternal) wanted.delete('temporal');
  if (crsEndpointExternal) wanted.delete('simulator');
  const services = SERVICE_NAMES.filter((name) => wanted.has(name));

  const ports = await resolvePorts(options.ports ?? {}, config, wanted);
  const namespace = config.temporal.namespace;
  const temporalAddress = temporalAddressExternal ?? `127.0.0.1:${ports.temporal}`;
  const temporalUi = temporalAddressExternal
    ? (baseEnv['TEMPORAL_UI_URL'] ?? null)
    : ports.temporalUi === null
      ? null
      : `http://127.0.0.1:${ports.temporalUi}`;
  const crsEndpoint = crsEndpointExternal ?? `http://127.0.0.1:${ports.simulator}/v2/index.php`;
  const apiKey = options.apiKey
    ? { key: options.apiKey, apiKeys: options.apiKey, source: 'given' as const, file: null }
    : resolveApiKey({ dataDir, apiKeys: baseEnv['API_KEYS'] });
  const urls: StackUrls = {
    api: `http://127.0.0.1:${ports.api}`,
    docs: `http://127.0.0.1:${ports.api}/docs`,
    openapi: `http://127.0.0.1:${ports.api}/openapi.json`,
    temporalAddress,
    temporalUi,
    simulator: crsEndpointExternal ? null : `http://127.0.0.1:${ports.simulator}`,
    crsEndpoint,
    workerMetrics: ports.workerMetrics === 0 ? null : `http://127.0.0.1:${ports.workerMetrics}/metrics`,
  };

  const logDir = options.logDir === undefined ? join(dataDir, 'logs') : options.logDir;
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const temporalCliPath = wanted.has('temporal') ? (options.temporalCliPath ?? (await requireTemporalCli())) : null;

  const commonEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    TEMPORAL_ADDRESS: temporalAddress,
    CRS_STACK_SUPERVISOR_PID: String(process.pid),
  };
  // Tencent credentials live only in the worker's environment.
  delete commonEnv['TENCENTCLOUD_SECRET_ID'];
  delete commonEnv['TENCENTCLOUD_SECRET_KEY'];
  const envOf: Record<ServiceName, NodeJS.ProcessEnv> = {
    temporal: { ...commonEnv },
    simulator: { ...commonEnv, CRS_SIM_PORT: String(ports.simulator) },
    worker: {
      ...commonEnv,
      TENCENTCLOUD_SECRET_ID: baseEnv['TENCENTCLOUD_SECRET_ID'],
      TENCENTCLOUD_SECRET_KEY: baseEnv['TENCENTCLOUD_SECRET_KEY'],
      CRS_SIM_PORT: String(ports.simulator),
      WORKER_METRICS_PORT: String(ports.workerMetrics),
      // A local stack should stop promptly on Ctrl-C; production keeps the longer default.
      WORKER_SHUTDOWN_GRACE_MS: baseEnv['WORKER_SHUTDOWN_GRACE_MS'] ?? '5000',
    },
    api: {
      ...commonEnv,
      API_PORT: String(ports.api),
      API_HOST: '127.0.0.1',
      API_KEYS: apiKey.apiKeys,
      ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi } : {}),
    },
  };
  if (crsEndpointExternal) envOf.worker['CRS_ENDPOINT'] = crsEndpointExternal;
  for (const name of SERVICE_NAMES) {
    Object.assign(envOf[name], options.serviceEnv?.[name] ?? {});
    for (const [key, value] of Object.entries(envOf[name])) if (value === undefined) delete envOf[name][key];
  }

  const orphanGuard = join(__dirname, 'orphan-guard.cjs');
  const runTs = join(rootDir, 'tools', 'run-ts.cjs');
  const managed = new Map<ServiceName, ManagedService>();
  let stopping = false;
  let starting = true;

  const processFor = (name: ServiceName): ServiceProcess => {
    const command = name === 'temporal' ? (temporalCliPath ?? 'temporal') : process.execPath;
    const args =
      name === 'temporal'
        ? devServerArgs({
            port: ports.temporal,
            uiPort: ports.temporalUi,
            dbFile: options.persistTemporal === false ? null : join(dataDir, 'temporal.sqlite'),
            namespace,
          })
        : ['--require', orphanGuard, runTs, SERVICE_MAINS[name]];
    return new ServiceProcess({
      name,
      command,
      args,
      cwd: rootDir,
      env: envOf[name],
      logFile: logDir ? join(logDir, `${name}.log`) : null,
      onLine: options.onLine ? (line) => options.onLine?.(name, line) : undefined,
    });
  };

  const probeFor = (name: ServiceName, service: ServiceProcess): (() => ReadinessProbe) => {
    switch (name) {
      case 'temporal':
        return () => temporalReadyProbe({ address: temporalAddress, namespace });
      case 'simulator':
        return () => httpProbe(`${urls.simulator ?? ''}/_sim/state`);
      case 'api':
        return () => httpProbe(`${urls.api}/readyz`);
      case 'worker':
        // Its metrics endpoint comes up before the workflow bundle is built and the worker polls; the
        // "worker started" line comes right before it starts polling the task queue.
        return () => logLineProbe(service, /"msg":"worker started"/);
    }
  };

  const launch = async (name: ServiceName): Promise<void> => {
    let entry = managed.get(name);
    if (!entry) {
      const process = processFor(name);
      const created: ManagedService = {
        name,
        process,
        probe: probeFor(name, process),
        expectedDown: false,
        launching: true,
      };
      process.onExit((exit) => {
        if (stopping || created.expectedDown || created.launching) return;
        const lines = process.recentLines();
        if (options.onUnexpectedExit) options.onUnexpectedExit(name, exit, lines);
        else warn(`${name} exited unexpectedly (${describeExit(exit)})`);
      });
      managed.set(name, created);
      entry = created;
    }
    entry.expectedDown = false;
    entry.launching = true;
    // Probes that watch log lines must subscribe before the process writes them.
    const probe = entry.probe();
    const started = Date.now();
    entry.process.start();
    try {
      await waitUntilReady(probe, {
        service: name,
        timeoutMs: readyTimeoutMs,
        process: entry.process,
        signal: starting ? options.signal : undefined,
      });
    } finally {
      entry.launching = false;
    }
    options.onReady?.(name, Date.now() - started);
  };

  const stopOne = async (name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<ServiceExit> => {
    const entry = managed.get(name);
    if (!entry) return { code: null, signal: null };
    entry.expectedDown = true;
    return entry.process.stop(stopTimeoutMs, signal);
  };

  const stopAll = async (): Promise<void> => {
    stopping = true;
    for (const wave of STOP_WAVES) await Promise.all(wave.map((name) => stopOne(name)));
  };

  // An abort while starting stops the children at once, which ends their readiness waits too.
  const onAbort = (): void => void stopAll();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    options.signal?.throwIfAborted();
    if (temporalAddressExternal) {
      await checkExternalTemporal(temporalAddressExternal, namespace, readyTimeoutMs, warn, options.signal);
    }
    for (const wave of START_WAVES) {
      // allSettled: a failure in one must not leave the other still starting while everything is stopped.
      const results = await Promise.allSettled(wave.filter((name) => wanted.has(name)).map((name) => launch(name)));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw options.signal?.aborted ? options.signal.reason : failed.reason;
    }
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    starting = false;
    options.signal?.removeEventListener('abort', onAbort);
  }

  const entryOf = (name: ServiceName): ManagedService => {
    const entry = managed.get(name);
    if (!entry) throw new Error(`${name} is not run by this stack (services: ${services.join(', ')})`);
    return entry;
  };

  return {
    rootDir,
    dataDir,
    ports,
    urls,
    apiKey,
    namespace,
    taskQueue: config.temporal.taskQueue,
    services,
    pid: (name) => managed.get(name)?.process.pid ?? null,
    pids: () => {
      const pids: Partial<Record<ServiceName, number>> = {};
      for (const [name, entry] of managed) if (entry.process.pid !== null) pids[name] = entry.process.pid;
      return pids;
    },
    running: (name) => managed.get(name)?.process.running ?? false,
    recentLines: (name) => managed.get(name)?.process.recentLines() ?? [],
    kill: async (name, signal = 'SIGKILL') => {
      const entry = entryOf(name);
      entry.expectedDown = true;
      entry.process.signal(signal);
      return entry.process.exited();
    },
    stopService: (name) => {
      entryOf(name);
      return stopOne(name);
    },
    startService: async (name) => {
      const entry = entryOf(name);
      if (entry.process.running) throw new Error(`${name} is already running (pid ${entry.process.pid})`);
      await launch(name);
    },
    restart: async (name) => {
      entryOf(name);
      await stopOne(name);
      await launch(name);
    },
    stop: stopAll,
  };
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

/** An external Temporal must answer; registering the search attributes there may need rights we lack. */
async function checkExternalTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
  warn: (message: string) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const probe = temporalReadyProbe({ address, namespace, searchAttributes: 'best-effort', onWarning: warn });
  await waitUntilReady(probe, { service: 'temporal', timeoutMs, signal });
}
