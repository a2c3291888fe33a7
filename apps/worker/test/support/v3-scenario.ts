// API 3.0 simulator scenarios for the worker's tests: one instance per test with fresh ids, described once
// (engine, architecture, shards, backups) as the simulator derives both APIs' fields from it.
import { randomBytes } from 'node:crypto';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { CrsSimulator } from '@crs-export/crs-simulator';

export interface V3ScenarioOptions {
  engine?: 'Redis 4.0' | 'Redis 5.0' | 'Redis 6.2' | 'Redis 7.0';
  architecture?: 'cluster' | 'standard';
  shardNum?: number;
  /** Backups, newest last; each gets a fresh 3.0-shaped id. */
  /** endTime: when it ended (Beijing time); absent: as long after startTime as the instance's backup tasks take. */
  backups?: Array<{ status: number; startTime: string; endTime?: string; rdbBytes?: number }>;
  /** How long Tencent's tasks (the conversion, a new backup) take on the simulator's clock. */
  durationMs?: number;
  v3?: Record<string, unknown>;
  backupOutcome?: 'success' | 'failed' | 'error';
  backupTaskMessage?: string;
}

export interface V3Case {
  redisId: string;
  region: string;
  backupIds: string[];
}

function freshRedisId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `crs-${[...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}

function freshBackupId(): string {
  return [...randomBytes(12)].map((byte) => String(byte % 10)).join('');
}

export function useV3Scenario(sim: CrsSimulator, options: V3ScenarioOptions = {}): V3Case {
  const redisId = freshRedisId();
  const backups = (options.backups ?? [{ status: 2, startTime: '2026-11-28 03:00:00' }]).map((backup) => ({
    backupId: freshBackupId(),
    status: backup.status,
    backupType: 'manualBackupInstance',
    startTime: backup.startTime,
    ...(backup.endTime ? { endTime: backup.endTime } : {}),
    rdbBytes: backup.rdbBytes ?? 64 * 1024,
  }));
  sim.setScenario({
    credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
    exportDurationMs: options.durationMs ?? 300,
    backupDurationMs: options.durationMs ?? 300,
    ...(options.v3 ? { v3: options.v3 } : {}),
    instances: [
      {
        redisId,
        redisName: 'orders',
        region: 'ap-guangzhou',
        architecture: options.architecture ?? 'cluster',
        engine: options.engine ?? 'Redis 7.0',
        ...(options.architecture === 'standard' ? {} : { shardNum: options.shardNum ?? 3 }),
        status: 2,
        ...(options.backupOutcome ? { backupOutcome: options.backupOutcome } : {}),
        ...(options.backupTaskMessage ? { backupTaskMessage: options.backupTaskMessage } : {}),
        backups,
      },
    ],
  });
  sim.setFaults({});
  sim.clearCalls();
  return { redisId, region: 'ap-guangzhou', backupIds: backups.map((backup) => backup.backupId) };
}
