// startCrsSimulator: the simulator on node:http (keep-alive, no framework), for tests in-process and for
// apps/crs-simulator. One port serves v2 (`/v2/index.php`), 3.0 (`/`), both APIs' downloads and `/_sim`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin-routes';
import { API_PATH, handleApiCall } from './api-route';
import type { CallRecord } from './call-log';
import { type Clock, scaledClock, systemClock } from './clock';
import { handleCosDownload, isCosObjectPath } from './cos-download-route';
import { DEMO_SCENARIO } from './demo-scenario';
import { DOWNLOAD_PREFIX, handleDownload } from './download-route';
import { parseFaultConfig, type FaultConfig } from './fault-schema';
import { sendJson } from './http-io';
import { parseScenario, type Scenario } from './scenario-schema';
import { SimulatorCore, type BackupFiles } from './simulator-core';
import { handleV3Call, V3_PATH } from './v3/v3-route';

export interface CrsSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A scenario object (validated); default the demo scenario. A state file that exists wins over it. */
  scenario?: unknown;
  /** Simulated time for the state machines and URL expiry; default wall time. */
  clock?: Clock;
  /** Runs the simulated clock this many times faster than `clock` (e.g. 60). */
  timeScale?: number;
  /** Wall time for the signature windows, nonce memory and rate limits; default Date.now. */
  authClock?: Clock;
  /** Seed of the fault-injection random generator. */
  seed?: number;
  /** v2's allowed |Timestamp - now|; default 2 hours (3.0's is 5 minutes, as Tencent's). */
  timestampWindowMs?: number;
  /** Entries kept in the call log; default 10,000. */
  callLogSize?: number;
  /** How long a `timeout` fault holds a socket at most; default 60 s. */
  timeoutHoldMs?: number;
  faults?: FaultConfig;
  /** When set, every /_sim route but healthz needs `Authorization: Bearer <token>`. */
  adminToken?: string | null;
  /** A file the state persists in (tasks, backups, URL keys, the clock offset); read at start if it exists. */
  stateFile?: string | null;
  /** Base of 3.0 download URLs for calls addressed to Tencent's host name; default this server's URL. */
  downloadBaseUrl?: string;
}

export interface CrsSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The v2 API endpoint to give a client: `<url>/v2/index.php`. */
  readonly endpoint: string;
  /** The 3.0 API endpoint: `<url>/` (sign for the host you connect as). */
  readonly v3Endpoint: string;
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
  setFaults(faults: unknown): void;
  faults(): FaultConfig;
  calls(filter?: { action?: string; api?: 'v2' | 'v3' }): CallRecord[];
  clearCalls(): void;
  /** Everything, settled to now (what `GET /_sim/state` returns). */
  state(): ReturnType<SimulatorCore['state']['snapshot']>;
  /** A backup's files (v2's one, 3.0's per shard) with the key counts a redis-server loading each holds. */
  files(redisId: string, backupId: string): BackupFiles | null;
  /** Initial state of the current scenario; no faults, calls, nonces or rate counts. */
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
    stateFile: options.stateFile ?? null,
  });
  const adminToken = options.adminToken ?? null;
  let ownUrl = '';
  const heldSockets = new Set<() => void>();
  const routeOptions = {
    timeoutHoldMs: options.timeoutHoldMs ?? 60_000,
    heldSockets,
    ownBaseUrl: () => options.downloadBaseUrl ?? ownUrl,
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === V3_PATH) return handleV3Call(core, req, res, url, routeOptions);
    if (url.pathname === API_PATH) return handleApiCall(core, req, res, url, routeOptions);
    if (url.pathname.startsWith(DOWNLOAD_PREFIX)) return handleDownload(core, req, res, url, routeOptions);
    if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(core, req, res, url, adminToken);
    if (isCosObjectPath(url.pathname)) return handleCosDownload(core, req, res, url, routeOptions);
    sendJson(res, 404, { error: `not found: ${url.pathname}; the APIs are ${API_PATH} (v2) and ${V3_PATH} (3.0)` });
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
  ownUrl = url;

  return {
    url,
    endpoint: `${url}${API_PATH}`,
    v3Endpoint: `${url}${V3_PATH}`,
    port,
    host,
    clock: core.clock,
    advance: (ms) => void core.advance(ms),
    setScenario: (scenario) => core.setScenario(scenario),
    scenario: () => core.scenario,
    setFaults: (faults) => {
      core.faults = parseFaultConfig(faults);
    },
    faults: () => core.faults,
    calls: (filter) => core.calls.list(filter),
    clearCalls: () => core.calls.clear(),
    state: () => core.state.snapshot(),
    files: (redisId, backupId) => core.files(redisId, backupId),
    reset: () => core.reset(),
    close: async () => {
      for (const release of [...heldSockets]) release();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      core.persist();
    },
  };
}
