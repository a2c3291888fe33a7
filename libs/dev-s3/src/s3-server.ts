// Starts SeaweedFS with its S3 gateway on 127.0.0.1 with the caller's credentials, and stops and restarts it.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ServiceProcess, waitUntilReady } from '@crs-export/process-supervisor';
import type { S3Connection } from './s3-client';
import { writeS3Identities } from './s3-identities';
import { s3ReadyProbe } from './s3-readiness';
import { portsForDataDir } from './seaweedfs-ports';
import { seaweedfsCommandArgs, seaweedfsEnv, seaweedfsSocketFiles, type SeaweedfsPorts } from './seaweedfs-command';

export interface S3ServerOptions {
  /** The `weed` binary, from `findOrBuildSeaweedfs`. */
  weedPath: string;
  /** Everything the server keeps (metadata, volumes, the identities file); a restart on it keeps every object. */
  dataDir: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** What clients sign with; SeaweedFS accepts any. Default us-east-1. */
  region?: string;
  /**
   * Fixed ports (e.g. `{ s3: 8333 }`). Every one not given is the one this data dir's server used before
   * (kept in `ports.json`), else a free one. A master port other than the recorded one is refused.
   */
  ports?: Partial<SeaweedfsPorts>;
  /** Soft size limit of one volume file. Default 128 MB. */
  volumeSizeLimitMB?: number;
  /** GOMEMLIMIT of the server (soft); null: none. Default 256 MiB. */
  memoryLimitMiB?: number | null;
  readyTimeoutMs?: number;
  /** How long a stop waits after SIGTERM before SIGKILL. Default 15 s. */
  stopTimeoutMs?: number;
  /** Where the server's own log lines go; default: dropped (the last ones are kept for failure reports). */
  onLog?: (line: string) => void;
  /** Every log line is also appended to this file; default: none. */
  logFile?: string | null;
}

export interface S3Server extends S3Connection {
  dataDir: string;
  ports: SeaweedfsPorts;
  /** The `weed mini` process (its own process group): signal it to simulate a crash. */
  service: ServiceProcess;
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same data dir and ports; resolves when it is ready again. */
  restart(): Promise<void>;
}

export const DEFAULT_S3_REGION = 'us-east-1';
export const DEFAULT_VOLUME_SIZE_LIMIT_MB = 128;
const DEFAULT_MEMORY_LIMIT_MIB = 256;

export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const dataDir = resolve(options.dataDir);
  const identitiesFile = join(dataDir, 's3-identities.json');
  const storeDir = join(dataDir, 'seaweedfs');
  mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  const ports = await portsForDataDir(dataDir, options.ports ?? {});
  writeS3Identities(identitiesFile, options);
  const service = new ServiceProcess({
    name: 'seaweedfs',
    command: options.weedPath,
    args: seaweedfsCommandArgs({
      storeDir,
      ports,
      identitiesFile,
      volumeSizeLimitMB: options.volumeSizeLimitMB ?? DEFAULT_VOLUME_SIZE_LIMIT_MB,
    }),
    // SeaweedFS reads filer.toml, master.toml and security.toml from its working directory (among others).
    cwd: storeDir,
    env: seaweedfsEnv(
      process.env,
      options.memoryLimitMiB === undefined ? DEFAULT_MEMORY_LIMIT_MIB : options.memoryLimitMiB,
    ),
    logFile: options.logFile ?? null,
    ...(options.onLog ? { onLine: options.onLog } : {}),
  });
  const connection: S3Connection = {
    endpoint: `http://127.0.0.1:${ports.s3}`,
    region: options.region ?? DEFAULT_S3_REGION,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    forcePathStyle: true,
  };
  const probe = s3ReadyProbe(connection, `http://127.0.0.1:${ports.master}`);
  const stop = async (): Promise<void> => {
    await service.stop(options.stopTimeoutMs ?? 15_000);
    for (const socket of seaweedfsSocketFiles(ports)) rmSync(socket, { force: true });
  };
  const start = async (): Promise<void> => {
    service.start();
    try {
      await waitUntilReady(probe, {
        service: 'SeaweedFS S3 server',
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 250,
        process: service,
      });
    } catch (error) {
      await stop();
      throw error;
    }
  };
  await start();
  return {
    ...connection,
    dataDir,
    ports,
    service,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
