// Readiness probes for the stack's services (HTTP, TCP, a log line, a custom check) and the wait loop.
import { request } from 'node:http';
import { connect } from 'node:net';
import type { ServiceExit, ServiceProcess } from './service-process';

export interface ReadinessProbe {
  /** What is being waited for, for messages: "GET http://127.0.0.1:3000/readyz = 200". */
  description: string;
  /** Resolves true when ready; false or a rejection means "not yet". */
  check(): Promise<boolean>;
}

export class NotReadyError extends Error {
  constructor(
    readonly service: string,
    message: string,
    readonly recentLines: string[] = [],
  ) {
    super(message);
    this.name = 'NotReadyError';
  }
}

/** Ready when `GET url` answers a 2xx status (or the status the predicate accepts). */
export function httpProbe(
  url: string,
  accept: (status: number) => boolean = (s) => s >= 200 && s < 300,
): ReadinessProbe {
  return {
    description: `GET ${url}`,
    check: () =>
      new Promise<boolean>((resolve) => {
        const req = request(url, { method: 'GET', timeout: 2_000 }, (res) => {
          res.resume();
          resolve(accept(res.statusCode ?? 0));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end();
      }),
  };
}

/** Ready when something accepts a TCP connection on host:port. */
export function tcpProbe(host: string, port: number): ReadinessProbe {
  return {
    description: `TCP ${host}:${port}`,
    check: () =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port, timeout: 1_000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(false));
      }),
  };
}

/** Ready once the process has written a line matching the pattern (seen since the probe was made). */
export function logLineProbe(service: ServiceProcess, pattern: RegExp): ReadinessProbe {
  let seen = false;
  const unsubscribe = service.onLine((line) => {
    if (pattern.test(line)) {
      seen = true;
      unsubscribe();
    }
  });
  return { description: `a log line matching ${String(pattern)}`, check: () => Promise.resolve(seen) };
}

/** Ready when any of the probes is. */
export function anyProbe(...probes: ReadinessProbe[]): ReadinessProbe {
  return {
    description: probes.map((probe) => probe.description).join(' or '),
    check: async () => (await Promise.all(probes.map((probe) => probe.check().catch(() => false)))).some(Boolean),
  };
}

export interface WaitOptions {
  service: string;
  timeoutMs: number;
  intervalMs?: number;
  /** When given, the wait fails at once if the process exits first. */
  process?: ServiceProcess;
  /** Gives up (with an AbortError) when this fires. */
  signal?: AbortSignal;
}

/** Polls the probe until it passes; fails on timeout or when the process dies first, with its last lines. */
export async function waitUntilReady(probe: ReadinessProbe, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 200;
  let exit: ServiceExit | null = null;
  const unsubscribe = options.process?.onExit((value) => (exit = value)) ?? (() => false);
  try {
    if (options.process && !options.process.running) exit = await options.process.exited();
    for (;;) {
      options.signal?.throwIfAborted();
      if (exit) {
        throw new NotReadyError(
          options.service,
          `${options.service} exited (${describeExit(exit)}) before it was ready (${probe.description})`,
          options.process?.recentLines(),
        );
      }
      if (await probe.check().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new NotReadyError(
          options.service,
          `${options.service} not ready after ${options.timeoutMs} ms (${probe.description})`,
          options.process?.recentLines(),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  } finally {
    unsubscribe();
  }
}

export function describeExit(exit: ServiceExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}
