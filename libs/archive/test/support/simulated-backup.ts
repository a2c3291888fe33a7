// A backup on the CRS simulator (API 3.0) whose files are the download source of the tests and benchmarks:
// real RDB files at COS-like presigned URLs (403 after expiry, Range, download faults), fetched through the
// product's own 3.0 backend, as the worker fetches them.
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { BackupFileLink, CrsBackend } from '@crs-export/contracts';
import { startCrsSimulator, type Clock, type CrsSimulator, type Scenario } from '@crs-export/crs-simulator';
import { createV3Backend, CrsV3Client, tencentCredentialOf } from '@crs-export/crs-v3-client';

export const SIM_REDIS_ID = 'crs-arch0001';
export const SIM_BACKUP_ID = '5d0b3c1e-a1b2-11f0-9e3f-525400082493';
export const SIM_REGION = 'gz';
/** Beijing time, as the scenario writes it: 2026-11-28T03:00:00+08:00. */
export const SIM_START_TIME = '2026-11-28 03:00:00';
export const SIM_STARTED_AT = '2026-11-28T03:00:00+08:00';

export interface SimulatedBackupOptions {
  /** One size per shard, in bytes. */
  shardSizes: number[];
  engine?: 'Redis 5.0' | 'Redis 6.2' | 'Redis 7.0';
  encrypted?: boolean;
  clock?: Clock;
  /** 3.0 URL lifetime (default 6 h). */
  urlTtlMs?: number;
}

export interface SimulatedBackup {
  sim: CrsSimulator;
  backend: CrsBackend;
  redisId: string;
  backupId: string;
  region: string;
  /** The files with fresh URLs (each call signs new ones). */
  files(): Promise<BackupFileLink[]>;
  /** A fresh URL for one shard (1-based): what a transfer's `freshUrl` calls. */
  freshUrl(shard: number): Promise<string>;
  close(): Promise<void>;
}

export function simulatedScenario(options: SimulatedBackupOptions): Scenario {
  return {
    credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
    errorShape: 'code',
    exportDurationMs: 0,
    v3: {
      clusterConversion: 'none',
      rateLimits: false,
      ...(options.urlTtlMs === undefined ? {} : { urlTtlMs: options.urlTtlMs }),
    },
    instances: [
      {
        redisId: SIM_REDIS_ID,
        redisName: 'archive-tests',
        region: SIM_REGION,
        architecture: 'cluster',
        engine: options.engine ?? 'Redis 7.0',
        shardNum: options.shardSizes.length,
        status: 2,
        backups: [
          {
            backupId: SIM_BACKUP_ID,
            status: 2,
            backupType: 'manualBackupInstance',
            startTime: SIM_START_TIME,
            exportOutcome: 'success',
            rdbBytes: options.shardSizes,
            ...(options.encrypted ? { encrypted: true } : {}),
          },
        ],
      },
    ],
  } as Scenario;
}

export async function startSimulatedBackup(options: SimulatedBackupOptions): Promise<SimulatedBackup> {
  const sim = await startCrsSimulator({
    scenario: simulatedScenario(options),
    seed: 11,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const client = new CrsV3Client({
    credential: tencentCredentialOf({ kind: 'static', secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }),
    protocol: 'http://',
    connectTo: `127.0.0.1:${sim.port}`,
    timeoutMs: 10_000,
  });
  const backend = createV3Backend(client);
  const ref = { region: SIM_REGION, redisId: SIM_REDIS_ID, backupId: SIM_BACKUP_ID };
  const files = async (): Promise<BackupFileLink[]> => {
    const answer = await backend.backupFiles(ref);
    if (!answer.ready) throw new Error(`the simulated backup is not ready: ${answer.reason}`);
    return answer.files;
  };
  return {
    sim,
    backend,
    redisId: SIM_REDIS_ID,
    backupId: SIM_BACKUP_ID,
    region: SIM_REGION,
    files,
    freshUrl: async (shard) => {
      const link = (await files()).find((file) => file.shard === shard);
      if (!link) throw new Error(`the simulated backup has no shard ${shard}`);
      return link.extranetUrl;
    },
    close: async () => {
      backend.close();
      await sim.close();
    },
  };
}
