// One part of the stack the scenarios break and bring back, whatever runs it: a service of a local stack
// (worker, API, simulator, dev server) or a process of the Temporal cluster (history, frontend, PostgreSQL).
import type { ServiceExit } from '@crs-export/process-supervisor';
import type { ServiceName, Stack } from '@crs-export/local-stack';
import type { ClusterProcessName, TemporalCluster } from '@crs-export/temporal-cluster';

export interface ServiceHandle {
  /** As the report and the captured lines name it: `worker-2`, `history`, `api`. */
  readonly name: string;
  running(): boolean;
  /** The process (group leader) while it runs; a worker's Temporal identity is `<pid>@<host>`. */
  pid(): number | null;
  /** A signal (default SIGKILL) to its process group; resolves once it has exited. Not "unexpected". */
  kill(signal?: NodeJS.Signals): Promise<ServiceExit>;
  /** A graceful stop (SIGTERM; PostgreSQL's fast shutdown), SIGKILL after the stop timeout. */
  stop(): Promise<ServiceExit>;
  /** Starts it again on the same ports and data, and waits until it is ready. */
  start(): Promise<void>;
}

export function stackService(stack: Stack, service: ServiceName, name: string = service): ServiceHandle {
  return {
    name,
    running: () => stack.running(service),
    pid: () => stack.pid(service),
    kill: (signal = 'SIGKILL') => stack.kill(service, signal),
    stop: () => stack.stopService(service),
    start: () => stack.startService(service),
  };
}

export function clusterProcess(cluster: TemporalCluster, process: ClusterProcessName): ServiceHandle {
  return {
    name: process,
    running: () => cluster.processes[process]?.running ?? false,
    pid: () => cluster.processes[process]?.pid ?? null,
    kill: (signal = 'SIGKILL') => cluster.kill(process, signal),
    stop: () => cluster.stopProcess(process),
    start: () => cluster.start(process),
  };
}

/** Temporal as a whole: the dev server, or the cluster's server processes (PostgreSQL apart). */
export interface TemporalServer {
  /** In start order (history before frontend). */
  readonly processes: readonly ServiceHandle[];
  /** Graceful stop of every process, the frontend first. */
  stop(): Promise<void>;
  /** SIGKILL of every process at once: a crash of the whole server. */
  kill(): Promise<void>;
  /** Starts every stopped process in order; resolves once Temporal answers. */
  start(): Promise<void>;
}

export function temporalServerOf(processes: readonly ServiceHandle[]): TemporalServer {
  return {
    processes,
    stop: async () => {
      for (const handle of [...processes].reverse()) await handle.stop();
    },
    kill: async () => {
      await Promise.all(processes.map((handle) => handle.kill('SIGKILL')));
    },
    start: async () => {
      for (const handle of processes) if (!handle.running()) await handle.start();
    },
  };
}

/** Every handle at once; the exits in handle order. */
export function killAll(handles: readonly ServiceHandle[], signal: NodeJS.Signals = 'SIGKILL'): Promise<ServiceExit[]> {
  return Promise.all(handles.map((handle) => handle.kill(signal)));
}

export function stopAll(handles: readonly ServiceHandle[]): Promise<ServiceExit[]> {
  return Promise.all(handles.map((handle) => handle.stop()));
}

/** Starts those not running, at once; resolves when all are ready. */
export async function startAll(handles: readonly ServiceHandle[]): Promise<void> {
  await Promise.all(handles.filter((handle) => !handle.running()).map((handle) => handle.start()));
}
