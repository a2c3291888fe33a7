// Starts `temporal server start-dev` on 127.0.0.1 with the export search attributes, and stops it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXPORT_SEARCH_ATTRIBUTES } from '@crs-export/contracts';
import { freePort, ServiceProcess, waitUntilReady } from '@crs-export/process-supervisor';
import { temporalReadyProbe } from './temporal-readiness';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file for state that survives restarts; omitted: in memory. */
  dbFile?: string;
  port?: number;
  /** Web UI port; null: headless. Default: a free port. */
  uiPort?: number | null;
  namespace?: string;
  readyTimeoutMs?: number;
  /** More `temporal server start-dev` flags, e.g. `--dynamic-config-value K=V`. */
  extraArgs?: string[];
  /** Where the server's own log lines go; default: dropped. */
  onLog?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  port: number;
  uiPort: number | null;
  /** The server process (its own process group): signal it to simulate a crash. */
  service: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * Server settings the export relies on. Eager activity dispatch hands the next activity to the worker in the
 * reply to its workflow task instead of through matching: measured here, it halves the time of an export
 * whose Tencent task is already done (p50 450 -> 249 ms). Production servers set the same in dynamic config.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = ['system.enableActivityEagerExecution=true'];

export interface DevServerArgsOptions {
  port: number;
  /** null: no Web UI. */
  uiPort: number | null;
  namespace: string;
  /** SQLite file; null: in memory. */
  dbFile: string | null;
  /** The codec server the Web UI decodes payloads with (`--ui-codec-endpoint`); omitted or null: none. */
  uiCodecEndpoint?: string | null;
}

/** `temporal server start-dev` arguments: loopback only, JSON logs, the export search attributes. */
export function devServerArgs(options: DevServerArgsOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'warn',
    '--log-format',
    'json',
  ];
  args.push(...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.uiPort !== null && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  for (const key of EXPORT_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  for (const setting of DEV_SERVER_DYNAMIC_CONFIG) args.push('--dynamic-config-value', setting);
  return args;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort === null ? null : (options.uiPort ?? (await freePort()));
  const namespace = options.namespace ?? 'default';
  if (options.dbFile) mkdirSync(dirname(options.dbFile), { recursive: true });
  const args = devServerArgs({ port, uiPort, namespace, dbFile: options.dbFile ?? null });
  args.push(...(options.extraArgs ?? []));
  const service = new ServiceProcess({
    name: 'temporal',
    command: options.cliPath,
    args,
    cwd: process.cwd(),
    env: process.env,
    logFile: null,
    ...(options.onLog ? { onLine: options.onLog } : {}),
  });
  service.start();
  const address = `127.0.0.1:${port}`;
  const server: DevServer = {
    address,
    port,
    uiPort,
    uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`,
    service,
    stop: async () => {
      await service.stop(10_000);
    },
  };
  try {
    await waitUntilReady(temporalReadyProbe({ address, namespace }), {
      service: 'temporal dev server',
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      intervalMs: 250,
      process: service,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
