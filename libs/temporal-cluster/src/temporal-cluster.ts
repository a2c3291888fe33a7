// startTemporalCluster(): PostgreSQL, the Temporal server split over two processes, optional TLS and Web UI, supervised.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { temporalReadyProbe } from '@crs-export/dev-temporal';
import {
  describeExit,
  httpProbe,
  NotReadyError,
  ServiceProcess,
  tcpProbe,
  waitUntilReady,
  type ReadinessProbe,
  type ServiceExit,
} from '@crs-export/process-supervisor';
import { DEFAULT_SERVER_NAME, ensureClusterCertificates, type ClusterCertificates } from './cluster-certificates';
import { allocateClusterPorts, type ClusterPorts } from './cluster-ports';
import { provisionClusterToolchain, type ClusterToolchain } from './cluster-toolchain';
import { initPostgresCluster, POSTGRES_STOP_SIGNAL, postgresProcess, postgresReadyProbe } from './postgres-cluster';
import { postgresRunAs } from './postgres-installation';
import { killFamily, processFamilyMemory, stopLeftoverGroups, type GroupMemory } from './process-groups';
import {
  composeDynamicConfig,
  SERVER_PROCESSES,
  TEST_DYNAMIC_CONFIG_OVERLAY,
  temporalServerConfig,
  type ServerProcessName,
  type TlsMode,
} from './server-config';
import { runNamespaceJob, runSchemaJob } from './setup-jobs';
import { temporalUiConfig } from './ui-config';

export type ClusterProcessName = 'postgres' | ServerProcessName | 'ui';

/** Start order: the database, history+matching (they create the cluster metadata), frontend+worker, the UI. */
const START_ORDER: readonly ClusterProcessName[] = ['postgres', 'history', 'frontend', 'ui'];

/** The database superuser, as POSTGRES_USER in docker-compose.yml. */
const DATABASE_USER = 'temporal';

export interface TemporalClusterOptions {
  /** Everything lives here: PostgreSQL's cluster, certificates, configs, logs. Reusing it is a warm start. */
  dataDir: string;
  /** Frontend TLS: none, server TLS, or mutual TLS (a client certificate of the cluster's CA required). Default none. */
  tls?: TlsMode;
  /** The name in the server certificate that clients verify; default temporal.crs-export.test. */
  serverName?: string;
  /** Default `default`, as TEMPORAL_NAMESPACE in docker-compose.yml. */
  namespace?: string;
  /** Default 72h, as NAMESPACE_RETENTION of the compose setup job. */
  namespaceRetention?: string;
  /** Also run the Temporal Web UI (built once, like the server). Default false. */
  ui?: boolean;
  /** Frontend gRPC port; default: the previous run's, else a free one. */
  port?: number;
  uiPort?: number;
  /**
   * 'test' (default): deploy/temporal/dynamicconfig/crs-export.yaml plus TEST_DYNAMIC_CONFIG_OVERLAY.
   * 'production': that file alone, as compose runs it.
   */
  dynamicConfig?: 'test' | 'production';
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Per step; default 180 s (2 shared cores). */
  readyTimeoutMs?: number;
  /** Time between the stop signal and SIGKILL; default 20 s. */
  stopTimeoutMs?: number;
  /** Repository root (deploy/temporal lives there); default three levels above this file. */
  rootDir?: string;
  /** For finding and building the tools (PATH, CRS_EXPORT_CACHE_DIR); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Progress: builds, setup jobs, readiness. Default: stderr. */
  log?: (line: string) => void;
  /** Every output line of every process (they also go to `<dataDir>/logs/<name>.log`). */
  onLine?: (process: ClusterProcessName, line: string) => void;
  /** A process exited that nobody stopped or killed. */
  onUnexpectedExit?: (process: ClusterProcessName, exit: ServiceExit, recentLines: string[]) => void;
}

/** What a client needs to trust (and, under mTLS, to present). */
export interface ClusterTls {
  mode: Exclude<TlsMode, 'none'>;
  serverName: string;
  caPem: string;
  caFile: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
}

/** For `Connection.connect` and `NativeConnection.connect`. */
export interface ClusterConnectionOptions {
  address: string;
  tls?: TLSConfig;
}

export interface ClusterStartup {
  /** True when the data directory held no database yet (initdb, schema from nothing, namespace created). */
  cold: boolean;
  elapsedMs: number;
  /** Milliseconds per step: provisioning, postgres, schema, history, frontend, namespace, ready, ui. */
  steps: Record<string, number>;
}

export interface TemporalCluster {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | null;
  /** Why uiUrl is null when the UI was asked for. */
  readonly uiUnavailable: string | null;
  readonly tls: ClusterTls | null;
  readonly dataDir: string;
  readonly ports: ClusterPorts;
  readonly startup: ClusterStartup;
  /** The supervised processes, each in a process group of its own. */
  readonly processes: Readonly<Partial<Record<ClusterProcessName, ServiceProcess>>>;
  connectionOptions(): ClusterConnectionOptions;
  /** RSS of each running process group. */
  memory(): Partial<Record<ClusterProcessName, GroupMemory>>;
  /** Sends a signal to the process group (default SIGKILL) and resolves once it has exited. Not "unexpected". */
  kill(name: ClusterProcessName, signal?: NodeJS.Signals): Promise<ServiceExit>;
  /** A graceful stop of one process (SIGINT for PostgreSQL's fast shutdown, SIGTERM for the others). */
  stopProcess(name: ClusterProcessName): Promise<ServiceExit>;
  /** Starts a stopped or killed process on the same ports and data; waits until it and the cluster are ready. */
  start(name: ClusterProcessName): Promise<void>;
  restart(name: ClusterProcessName): Promise<void>;
  /** Stops everything: UI, frontend, history, PostgreSQL. Safe to call twice. */
  stop(): Promise<void>;
}

interface ClusterState {
  supervisorPid?: number;
  pids?: Partial<Record<ClusterProcessName, number>>;
  ports?: Partial<ClusterPorts>;
}

export class ClusterInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly supervisorPid: number,
  ) {
    super(`another process (pid ${supervisorPid}) runs a Temporal cluster on ${dataDir}: stop it first`);
    this.name = 'ClusterInUseError';
  }
}

interface ManagedProcess {
  name: ClusterProcessName;
  process: ServiceProcess;
  expectedDown: boolean;
  launching: boolean;
}

export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const started = Date.now();
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const begun = Date.now();
    try {
      return await work();
    } finally {
      steps[name] = Date.now() - begun;
    }
  };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rootDir = options.rootDir ?? resolve(__dirname, '..', '..', '..');
  const dataDir = resolve(options.dataDir);
  const tlsMode = options.tls ?? 'none';
  const namespace = options.namespace ?? 'default';
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const stateFile = join(dataDir, 'cluster.json');
  const previous = readState(stateFile);
  if (previous.supervisorPid && previous.supervisorPid !== process.pid && pidAlive(previous.supervisorPid)) {
    throw new ClusterInUseError(dataDir, previous.supervisorPid);
  }
  const leftovers = await stopLeftoverGroups(Object.values(previous.pids ?? {}), dataDir);
  if (leftovers.length > 0)
    log(`[temporal-cluster] stopped what a killed run left behind: pids ${leftovers.join(', ')}`);

  const toolchain = await step('provisioning', () =>
    provisionClusterToolchain({ ui: options.ui ?? false, log, env: options.env }),
  );
  const pgDir = join(dataDir, 'postgres');
  const cold = !existsSync(join(pgDir, 'PG_VERSION'));
  const password = ensureSecret(join(dataDir, 'db-password'));
  const certificates =
    tlsMode === 'none'
      ? null
      : await step('certificates', () =>
          ensureClusterCertificates(join(dataDir, 'tls'), options.serverName ?? DEFAULT_SERVER_NAME),
        );
  const tlsInput = certificates && tlsMode !== 'none' ? { mode: tlsMode, certificates } : null;
  const wantUi = options.ui === true && 'path' in toolchain.ui;
  if (options.ui && 'unavailable' in toolchain.ui) log(`[temporal-cluster] no Web UI: ${toolchain.ui.unavailable}`);
  const ports = await allocateClusterPorts(previous.ports ?? null, {
    ...(options.port ? { frontend: options.port } : {}),
    ...(options.uiPort ? { ui: options.uiPort } : {}),
  });
  const address = `127.0.0.1:${ports.frontend}`;
  const uiUrl = wantUi ? `http://127.0.0.1:${ports.ui}` : null;
  const tls = certificates && tlsInput ? clusterTls(tlsInput.mode, certificates) : null;
  const connectionOptions = (): ClusterConnectionOptions => clientConnectionOptions(address, tls);

  writeConfigs({ dataDir, rootDir, ports, password, tlsInput, namespace, options });
  const state: ClusterState = { supervisorPid: process.pid, pids: {}, ports };
  writeState(stateFile, state);

  const runAs = postgresRunAs();
  const pgSettings = {
    installation: toolchain.postgres,
    runAs,
    dir: pgDir,
    port: ports.postgres,
    user: DATABASE_USER,
    password,
  };
  const managed = new Map<ClusterProcessName, ManagedProcess>();
  let stopping = false;
  // A process that dies while the rest is still starting fails the start at once, not after a timeout.
  let starting = true;
  const startupAbort = new AbortController();
  const waitSignal = (): AbortSignal | undefined => (starting ? startupAbort.signal : undefined);
  // Children live in process groups of their own; if this process exits without stop(), they go too.
  const killAllOnExit = (): void => {
    for (const entry of managed.values()) entry.process.signal('SIGKILL');
  };
  process.on('exit', killAllOnExit);

  const processFor = (name: ClusterProcessName): ServiceProcess => {
    const logFile = join(logDir, `${name}.log`);
    const onLine = options.onLine ? (line: string) => options.onLine?.(name, line) : undefined;
    switch (name) {
      case 'postgres':
        return postgresProcess(pgSettings, logFile, onLine);
      case 'history':
      case 'frontend':
        return serverProcess(name, toolchain, dataDir, logFile, onLine);
      case 'ui':
        return uiProcess(toolchain, dataDir, logFile, onLine);
    }
  };

  const clusterProbe = (): ReadinessProbe => clusterReadyProbe(connectionOptions(), namespace);
  const processProbe = (name: ClusterProcessName): ReadinessProbe => {
    switch (name) {
      case 'postgres':
        return postgresReadyProbe(toolchain.postgres, ports.postgres);
      case 'history':
        return allProbes(tcpProbe('127.0.0.1', ports.history), tcpProbe('127.0.0.1', ports.matching));
      case 'frontend':
        return tcpProbe('127.0.0.1', ports.frontend);
      case 'ui':
        return httpProbe(`http://127.0.0.1:${ports.ui}/healthz`);
    }
  };

  const launch = async (name: ClusterProcessName): Promise<void> => {
    let entry = managed.get(name);
    if (!entry) {
      const created: ManagedProcess = { name, process: processFor(name), expectedDown: false, launching: true };
      created.process.onExit((exit) => {
        state.pids = { ...state.pids, [name]: undefined };
        writeState(stateFile, state);
        if (stopping || created.expectedDown || created.launching) return;
        if (starting) {
          const reason = `${name} exited (${describeExit(exit)}) while the cluster was starting`;
          startupAbort.abort(new NotReadyError(name, reason, created.process.recentLines()));
          return;
        }
        if (options.onUnexpectedExit) options.onUnexpectedExit(name, exit, created.process.recentLines());
        else log(`[temporal-cluster] ${name} exited unexpectedly (${describeExit(exit)})`);
      });
      managed.set(name, created);
      entry = created;
    }
    entry.expectedDown = false;
    entry.launching = true;
    entry.process.start();
    state.pids = { ...state.pids, [name]: entry.process.pid ?? undefined };
    writeState(stateFile, state);
    try {
      await waitUntilReady(processProbe(name), {
        service: name,
        timeoutMs: readyTimeoutMs,
        intervalMs: 250,
        process: entry.process,
        signal: waitSignal(),
      });
    } finally {
      entry.launching = false;
    }
  };

  const temporalRunning = (): boolean =>
    (['history', 'frontend'] as const).every((name) => managed.get(name)?.process.running === true);
  const waitForCluster = async (): Promise<void> => {
    const frontend = managed.get('frontend')?.process;
    await waitUntilReady(clusterProbe(), {
      service: 'temporal cluster',
      timeoutMs: readyTimeoutMs,
      intervalMs: 500,
      ...(frontend ? { process: frontend } : {}),
      signal: waitSignal(),
    });
  };

  const stopOne = async (name: ClusterProcessName, signal?: NodeJS.Signals): Promise<ServiceExit> => {
    const entry = managed.get(name);
    if (!entry) return { code: null, signal: null };
    entry.expectedDown = true;
    return entry.process.stop(stopTimeoutMs, signal ?? (name === 'postgres' ? POSTGRES_STOP_SIGNAL : 'SIGTERM'));
  };

  const stopAll = async (): Promise<void> => {
    stopping = true;
    for (const name of [...START_ORDER].reverse()) await stopOne(name);
    process.off('exit', killAllOnExit);
    state.supervisorPid = undefined;
    writeState(stateFile, state);
  };

  try {
    await step('postgres', async () => {
      await initPostgresCluster(pgSettings);
      await launch('postgres');
    });
    await step('schema', () =>
      runSchemaJob({
        rootDir,
        sqlToolDir: resolve(toolchain.server.sqlTool, '..'),
        schemaDir: toolchain.module.postgresSchemaDir,
        port: ports.postgres,
        user: DATABASE_USER,
        password,
        logFile: join(logDir, 'setup-postgres-schema.log'),
        log,
        signal: startupAbort.signal,
      }),
    );
    // Started one after the other: two processes creating the cluster metadata at once collide
    // (duplicate key in cluster_metadata_info) on a fresh database.
    await step('history', () => launch('history'));
    await step('frontend', () => launch('frontend'));
    await step('namespace', () =>
      runNamespaceJob({
        rootDir,
        cliPath: toolchain.cliPath,
        address,
        namespace,
        retention: options.namespaceRetention ?? '72h',
        tls: tlsInput,
        waitSeconds: Math.ceil(readyTimeoutMs / 1000),
        isolatedConfigFile: join(dataDir, 'temporal-cli.toml'),
        logFile: join(logDir, 'register-search-attributes.log'),
        log,
        signal: startupAbort.signal,
      }),
    );
    await step('ready', waitForCluster);
    if (wantUi) await step('ui', () => launch('ui'));
  } catch (error) {
    await stopAll();
    throw startupAbort.signal.aborted ? startupAbort.signal.reason : error;
  } finally {
    starting = false;
  }

  const entryOf = (name: ClusterProcessName): ManagedProcess => {
    const entry = managed.get(name);
    if (!entry) throw new Error(`${name} is not part of this cluster (${[...managed.keys()].join(', ')})`);
    return entry;
  };
  const startOne = async (name: ClusterProcessName): Promise<void> => {
    const entry = entryOf(name);
    if (entry.process.running) throw new Error(`${name} is already running (pid ${entry.process.pid})`);
    await launch(name);
    if (name !== 'ui' && temporalRunning()) await waitForCluster();
  };

  return {
    address,
    namespace,
    uiUrl,
    uiUnavailable: options.ui && !('path' in toolchain.ui) ? toolchain.ui.unavailable : null,
    tls,
    dataDir,
    ports,
    startup: { cold, elapsedMs: Date.now() - started, steps },
    processes: Object.fromEntries([...managed].map(([name, entry]) => [name, entry.process])),
    connectionOptions,
    memory: () => {
      const memory: Partial<Record<ClusterProcessName, GroupMemory>> = {};
      for (const [name, entry] of managed) {
        if (entry.process.running && entry.process.pid) memory[name] = processFamilyMemory(entry.process.pid);
      }
      return memory;
    },
    kill: async (name, signal = 'SIGKILL') => {
      const entry = entryOf(name);
      entry.expectedDown = true;
      const pid = entry.process.pid;
      // A crash takes PostgreSQL's backends (process groups of their own) with it, as a machine crash would.
      if (signal === 'SIGKILL' && pid && entry.process.running) killFamily(pid);
      else entry.process.signal(signal);
      return entry.process.exited();
    },
    stopProcess: (name) => {
      entryOf(name);
      return stopOne(name);
    },
    start: startOne,
    restart: async (name) => {
      entryOf(name);
      await stopOne(name);
      await startOne(name);
    },
    stop: stopAll,
  };
}

function serverProcess(
  name: ServerProcessName,
  toolchain: ClusterToolchain,
  dataDir: string,
  logFile: string,
  onLine: ((line: string) => void) | undefined,
): ServiceProcess {
  const root = join(dataDir, 'temporal');
  return new ServiceProcess({
    name,
    command: toolchain.server.server,
    args: [
      '--root',
      root,
      '--config',
      'config',
      '--env',
      name,
      '--allow-no-auth',
      'start',
      ...SERVER_PROCESSES[name].flatMap((service) => ['--service', service]),
    ],
    cwd: root,
    env: withoutTemporalEnv(),
    logFile,
    ...(onLine ? { onLine } : {}),
  });
}

function uiProcess(
  toolchain: ClusterToolchain,
  dataDir: string,
  logFile: string,
  onLine: ((line: string) => void) | undefined,
): ServiceProcess {
  if (!('path' in toolchain.ui)) throw new Error(`no Web UI: ${toolchain.ui.unavailable}`);
  const root = join(dataDir, 'ui');
  return new ServiceProcess({
    name: 'ui',
    command: toolchain.ui.path,
    args: ['--root', root, '--config', 'config', '--env', 'crs-export', 'start'],
    cwd: root,
    env: withoutTemporalEnv(),
    logFile,
    ...(onLine ? { onLine } : {}),
  });
}

interface ConfigFilesInput {
  dataDir: string;
  rootDir: string;
  ports: ClusterPorts;
  password: string;
  tlsInput: { mode: Exclude<TlsMode, 'none'>; certificates: ClusterCertificates } | null;
  namespace: string;
  options: TemporalClusterOptions;
}

/** `<dataDir>/temporal/config/<process>.yaml`, `<dataDir>/temporal/dynamicconfig.yaml`, `<dataDir>/ui/config/crs-export.yaml`. */
function writeConfigs(input: ConfigFilesInput): void {
  const { dataDir, ports, tlsInput } = input;
  const configDir = join(dataDir, 'temporal', 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = join(dataDir, 'temporal', 'dynamicconfig.yaml');
  const production = join(input.rootDir, 'deploy', 'temporal', 'dynamicconfig', 'crs-export.yaml');
  const overlay = input.options.dynamicConfig === 'production' ? {} : TEST_DYNAMIC_CONFIG_OVERLAY;
  writeFileSync(dynamicConfigFile, composeDynamicConfig(production, overlay));
  for (const name of Object.keys(SERVER_PROCESSES) as ServerProcessName[]) {
    const config = temporalServerConfig({
      process: name,
      ports,
      database: { user: DATABASE_USER, password: input.password },
      tls: tlsInput,
      dynamicConfigFile,
      logLevel: input.options.logLevel ?? 'info',
    });
    // It holds the database password.
    writeFileSync(join(configDir, `${name}.yaml`), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  }
  const uiConfigDir = join(dataDir, 'ui', 'config');
  mkdirSync(uiConfigDir, { recursive: true });
  const ui = temporalUiConfig({
    frontendAddress: `127.0.0.1:${ports.frontend}`,
    port: ports.ui,
    namespace: input.namespace,
    tls: tlsInput,
  });
  writeFileSync(join(uiConfigDir, 'crs-export.yaml'), `${JSON.stringify(ui, null, 2)}\n`);
}

function clusterTls(mode: Exclude<TlsMode, 'none'>, certificates: ClusterCertificates): ClusterTls {
  const tls: ClusterTls = {
    mode,
    serverName: certificates.serverName,
    caPem: readFileSync(certificates.ca.certFile, 'utf8'),
    caFile: certificates.ca.certFile,
  };
  if (mode === 'mtls') {
    tls.clientCertPem = readFileSync(certificates.client.certFile, 'utf8');
    tls.clientKeyPem = readFileSync(certificates.client.keyFile, 'utf8');
    tls.clientCertFile = certificates.client.certFile;
    tls.clientKeyFile = certificates.client.keyFile;
  }
  return tls;
}

function clientConnectionOptions(address: string, tls: ClusterTls | null): ClusterConnectionOptions {
  if (!tls) return { address };
  return {
    address,
    tls: {
      serverNameOverride: tls.serverName,
      serverRootCACertificate: Buffer.from(tls.caPem),
      ...(tls.clientCertPem && tls.clientKeyPem
        ? { clientCertPair: { crt: Buffer.from(tls.clientCertPem), key: Buffer.from(tls.clientKeyPem) } }
        : {}),
    },
  };
}

/**
 * Ready when the namespace answers over the configured TLS with the export search attributes registered
 * (temporalReadyProbe), and history answers through the frontend: describing a workflow that does not exist
 * is NOT_FOUND from history, while a history the frontend cannot reach gives UNAVAILABLE or a timeout.
 */
function clusterReadyProbe(connection: ClusterConnectionOptions, namespace: string): ReadinessProbe {
  const frontend = temporalReadyProbe({
    address: connection.address,
    namespace,
    ...(connection.tls ? { connection: { tls: connection.tls } } : {}),
  });
  return {
    description: `${frontend.description}, history reachable`,
    check: async () => {
      if (!(await frontend.check())) return false;
      const client = await Connection.connect({ ...connection, connectTimeout: 2_000 });
      try {
        await client.withDeadline(Date.now() + 5_000, () =>
          client.workflowService.describeWorkflowExecution({
            namespace,
            execution: { workflowId: `temporal-cluster-readiness-${randomBytes(6).toString('hex')}` },
          }),
        );
        return false;
      } catch (error) {
        return (error as { code?: number }).code === 5;
      } finally {
        await client.close();
      }
    },
  };
}

function allProbes(...probes: ReadinessProbe[]): ReadinessProbe {
  return {
    description: probes.map((probe) => probe.description).join(' and '),
    check: async () => (await Promise.all(probes.map((probe) => probe.check().catch(() => false)))).every(Boolean),
  };
}

/** The server and UI read some TEMPORAL_* variables themselves; the generated config alone must decide. */
function withoutTemporalEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEMPORAL_')));
}

/** A random secret kept in a 0600 file, made on the first start (the database password). */
function ensureSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(18).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function readState(file: string): ClusterState {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  } catch {
    return {};
  }
}

function writeState(file: string, state: ClusterState): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
