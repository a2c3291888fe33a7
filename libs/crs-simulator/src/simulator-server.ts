// startCrsSimulator: the simulator on node:http (keep-alive, no framework), for tests in-process and
// for apps/crs-simulator.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin-routes';
import { API_PATH, handleApiCall } from './api-route';
import type { CallRecord } from './call-log';
import { type Clock, scaledClock, systemClock } from './clock';
import { DEMO_SCENARIO } from './demo-scenario';
import { DOWNLOAD_PREFIX, handleDownload } from './download-route';
import { parseFaultConfig, type FaultConfig } from './faults';
import { sendJson } from './http-io';
import { parseScenario, type Scenario } from './scenario';
import { SimulatorCore } from './simulator-core';

export interface CrsSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A scenario object (validated); default the demo scenario. */
  scenario?: unknown;
  /** Simulated time for the state machines and URL expiry; default wall time. */
  clock?: Clock;
  /** Runs the simulated clock this many times faster than `clock` (e.g. 60). */
  timeScale?: number;
  /** Wall time for the signature Timestamp window and nonce memory; default Date.now. */
  authClock?: Clock;
  /** Seed of the fault-injection random generator. */
  seed?: number;
  /** Allowed |Timestamp - now|; default 2 hours. */
  timestampWindowMs?: number;
  /** Entries kept in the call log; default 10,000. */
  callLogSize?: number;
  /** How long a `timeout` fault holds a socket at most; default 60 s. */
  timeoutHoldMs?: number;
  faults?: FaultConfig;
}

export interface CrsSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The API endpoint to give a client: `<url>/v2/index.php`. */
  readonly endpoint: string;
  readonly port: number;
  readonly host: string;
  /** The simulated clock (after timeScale and advance()). */
  readonly clock: Clock;
  /** Moves the simulated clock forward. */
  advance(ms: number): void;
  /** Replaces the whole state (validated; throws ScenarioError). */
  setScenario(scenario: unknown): Scenario;
  scenario(): Scenario;
  /** Replaces the faults (validated; throws FaultConfigError); `{}` clears them. */
  setFaults(faults: FaultConfig): void;
  faults(): FaultConfig;
  calls(filter?: { action?: string }): CallRecord[];
  clearCalls(): void;
  /** Everything, settled to now (what `GET /_sim/state` returns). */
  state(): ReturnType<SimulatorCore['state']['snapshot']>;
  /** Initial state of the current scenario; no faults, calls or nonces. */
  reset(): void;
  close(): Promise<void>;
}

export async function startCrsSimulator(options: CrsSimulatorOptions = {}): Promise<CrsSimulator> {
  const baseClock = options.clock ?? systemClock;
  const core = new SimulatorCore({
    scenario: parseScenario(options.scenario ?? DEMO_SCENARIO),
    clock: options.timeScale !== undefined ? scaledClock(options.timeScale, baseClock) : baseClock,
    ...(options.authClock ? { authClock: options.authClock } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timestampWindowMs !== undefined ? { timestampWindowMs: options.timestampWindowMs } : {}),
    ...(options.callLogSize !== undefined ? { callLogSize: options.callLogSize } : {}),
    faults: parseFaultConfig(options.faults ?? {}),
  });
  const heldSockets = new Set<() => void>();
  const apiOptions = { timeoutHoldMs: options.timeoutHoldMs ?? 60_000, heldSockets };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === API_PATH) return handleApiCall(core, req, res, url, apiOptions);
    if (url.pathname.startsWith(DOWNLOAD_PREFIX)) return handleDownload(core, req, res, url);
    if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(core, req, res, url);
    sendJson(res, 404, { error: `not found: ${url.pathname}; the API is ${API_PATH}` });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  // Longer than clients' idle keep-alive, so a reused socket is not closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    endpoint: `${url}${API_PATH}`,
    port,
    host,
    clock: core.clock,
    advance: (ms) => void core.clock.advance(ms),
    setScenario: (scenario) => core.setScenario(scenario),
    scenario: () => core.scenario,
    setFaults: (faults) => {
      core.faults = parseFaultConfig(faults);
    },
    faults: () => core.faults,
    calls: (filter) => core.calls.list(filter),
    clearCalls: () => core.calls.clear(),
    state: () => core.state.snapshot(),
    reset: () => core.reset(),
    close: async () => {
      for (const release of [...heldSockets]) release();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
