// Runs a stack plan: starts the services in waves, waits until each is ready, reports deaths nobody asked
// for, and stops, kills or restarts services on request.
import {
  describeExit,
  httpProbe,
  logLineProbe,
  ServiceProcess,
  waitUntilReady,
  type ReadinessProbe,
  type ServiceExit,
} from '@crs-export/process-supervisor';
import { CODEC_SERVER_HEALTH_PATH } from '@crs-export/payload-codec';
import type { ResolvedCodecKeys, ResolvedCodecServerToken } from './codec-secrets';
import type { ResolvedApiKey } from './api-key';
import {
  START_WAVES,
  STOP_WAVES,
  type ServiceName,
  type StackPlan,
  type StackPorts,
  type StackUrls,
} from './stack-plan';
import { temporalReadyProbe } from './temporal-service';

export interface StackCallbacks {
  onLine?: (service: ServiceName, line: string) => void;
  /** A service exited that nobody stopped or killed. The stack does not stop the others by itself. */
  onUnexpectedExit?: (service: ServiceName, exit: ServiceExit, recentLines: string[]) => void;
  onWarning?: (message: string) => void;
  /** Each service as it becomes ready, with the time its start took. */
  onReady?: (service: ServiceName, elapsedMs: number) => void;
  /** Aborting during the start stops what has started and rejects; after the start it does nothing. */
  signal?: AbortSignal;
}

export interface SupervisorSettings {
  rootDir: string;
  dataDir: string;
  apiKey: ResolvedApiKey;
  codecKeys: ResolvedCodecKeys;
  /** The codec server's access token; null: no codec server. */
  codecServerToken: ResolvedCodecServerToken | null;
  /** The token the simulator's /_sim admin routes need; null: none (open). */
  simulatorAdminToken?: string | null;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
}

export interface Stack {
  readonly rootDir: string;
  readonly dataDir: string;
  readonly ports: StackPorts;
  readonly urls: StackUrls;
  readonly apiKey: ResolvedApiKey;
  /**
   * The payload codec: where its keys are (the demo's `<dataDir>/codec-keys.json` or the configured ones), the
   * active key id, a data converter for clients of this process, and the codec server's token (null: no codec server).
   */
  readonly codec: {
    readonly keys: ResolvedCodecKeys;
    readonly serverToken: ResolvedCodecServerToken | null;
  };
  /** What the simulator's /_sim admin routes need (`Authorization: Bearer <token>`); null: no simulator or no token. */
  readonly simulatorAdminToken: string | null;
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
  process: ServiceProcess;
  probe: () => ReadinessProbe;
  /** Set while a stop or kill was asked for, so the exit is not reported as unexpected. */
  expectedDown: boolean;
  /** Set until ready: a death then rejects the start instead of being reported. */
  launching: boolean;
}

export async function superviseStack(
  plan: StackPlan,
  settings: SupervisorSettings,
  callbacks: StackCallbacks,
): Promise<Stack> {
  const warn = callbacks.onWarning ?? ((message: string) => process.stderr.write(`[stack] ${message}\n`));
  const managed = new Map<ServiceName, ManagedService>();
  let stopping = false;
  let starting = true;

  const probeFor = (name: ServiceName, service: ServiceProcess): (() => ReadinessProbe) => {
    switch (name) {
      case 'temporal':
        return () => temporalReadyProbe({ address: plan.urls.temporalAddress, namespace: plan.namespace });
      case 'simulator':
        return () => httpProbe(`${plan.urls.simulator ?? ''}/_sim/healthz`);
      case 'codec':
        return () => httpProbe(`${plan.urls.codecServer ?? ''}${CODEC_SERVER_HEALTH_PATH}`);
      case 'api':
        return () => httpProbe(`${plan.urls.api}/readyz`);
      case 'worker':
        // Its metrics endpoint comes up before the workflow bundle is built and the worker polls; the
        // "worker started" line comes right before it starts polling the task queue.
        return () => logLineProbe(service, /"msg":"worker started"/);
    }
  };

  const entryFor = (name: ServiceName): ManagedService => {
    const existing = managed.get(name);
    if (existing) return existing;
    const launch = plan.launches[name];
    if (!launch) throw new Error(`${name} is not run by this stack (services: ${plan.services.join(', ')})`);
    const process = new ServiceProcess({
      name,
      ...launch,
      cwd: settings.rootDir,
      onLine: callbacks.onLine ? (line) => callbacks.onLine?.(name, line) : undefined,
    });
    const created: ManagedService = { process, probe: probeFor(name, process), expectedDown: false, launching: true };
    process.onExit((exit) => {
      if (stopping || created.expectedDown || created.launching) return;
      if (callbacks.onUnexpectedExit) callbacks.onUnexpectedExit(name, exit, process.recentLines());
      else warn(`${name} exited unexpectedly (${describeExit(exit)})`);
    });
    managed.set(name, created);
    return created;
  };

  const launch = async (name: ServiceName): Promise<void> => {
    const entry = entryFor(name);
    entry.expectedDown = false;
    entry.launching = true;
    // Probes that watch log lines must subscribe before the process writes them.
    const probe = entry.probe();
    const started = Date.now();
    entry.process.start();
    try {
      await waitUntilReady(probe, {
        service: name,
        timeoutMs: settings.readyTimeoutMs,
        process: entry.process,
        signal: starting ? callbacks.signal : undefined,
      });
    } finally {
      entry.launching = false;
    }
    callbacks.onReady?.(name, Date.now() - started);
  };

  const stopOne = async (name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<ServiceExit> => {
    const entry = managed.get(name);
    if (!entry) return { code: null, signal: null };
    entry.expectedDown = true;
    return entry.process.stop(settings.stopTimeoutMs, signal);
  };

  const stopAll = async (): Promise<void> => {
    stopping = true;
    for (const wave of STOP_WAVES) await Promise.all(wave.map((name) => stopOne(name)));
  };

  // An abort while starting stops the children at once, which ends their readiness waits too.
  const onAbort = (): void => void stopAll();
  callbacks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    callbacks.signal?.throwIfAborted();
    for (const wave of START_WAVES) {
      // allSettled: a failure in one must not leave the other still starting while everything is stopped.
      const names = wave.filter((name) => plan.services.includes(name));
      const results = await Promise.allSettled(names.map((name) => launch(name)));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw callbacks.signal?.aborted ? callbacks.signal.reason : failed.reason;
    }
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    starting = false;
    callbacks.signal?.removeEventListener('abort', onAbort);
  }

  const known = (name: ServiceName): ManagedService => {
    const entry = managed.get(name);
    if (!entry) throw new Error(`${name} is not run by this stack (services: ${plan.services.join(', ')})`);
    return entry;
  };

  return {
    rootDir: settings.rootDir,
    dataDir: settings.dataDir,
    ports: plan.ports,
    urls: plan.urls,
    apiKey: settings.apiKey,
    codec: {
      keys: settings.codecKeys,
      serverToken: plan.services.includes('codec') ? settings.codecServerToken : null,
    },
    simulatorAdminToken: plan.services.includes('simulator') ? (settings.simulatorAdminToken ?? null) : null,
    namespace: plan.namespace,
    taskQueue: plan.taskQueue,
    services: plan.services,
    pid: (name) => managed.get(name)?.process.pid ?? null,
    pids: () => {
      const pids: Partial<Record<ServiceName, number>> = {};
      for (const [name, entry] of managed) if (entry.process.pid !== null) pids[name] = entry.process.pid;
      return pids;
    },
    running: (name) => managed.get(name)?.process.running ?? false,
    recentLines: (name) => managed.get(name)?.process.recentLines() ?? [],
    kill: async (name, signal = 'SIGKILL') => {
      const entry = known(name);
      entry.expectedDown = true;
      entry.process.signal(signal);
      return entry.process.exited();
    },
    stopService: (name) => {
      known(name);
      return stopOne(name);
    },
    startService: async (name) => {
      const entry = known(name);
      if (entry.process.running) throw new Error(`${name} is already running (pid ${entry.process.pid})`);
      await launch(name);
    },
    restart: async (name) => {
      known(name);
      await stopOne(name);
      await launch(name);
    },
    stop: stopAll,
  };
}
