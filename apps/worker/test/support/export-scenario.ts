// A one-instance, one-backup simulator scenario per test, with fresh ids so that tests never share state.
import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { NotifySettings } from '@crs-export/contracts';
import type { CrsSimulator, ExportOutcome } from '@crs-export/crs-simulator';

export interface ExportScenarioOptions {
  typeId?: number;
  backupStatus?: number;
  exportOutcome?: ExportOutcome;
  /** Short by default, so that an export takes one or two polls. */
  exportDurationMs?: number;
  errorShape?: 'code' | 'module';
}

export interface ExportCase {
  redisId: string;
  backupId: string;
  region: string;
  /** Webhook endpoints told when it ends. */
  notify?: NotifySettings;
  /** Where its files are archived. */
  destination?: string;
}

function freshRedisId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `crs-${[...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}

/** Replaces the simulator's state with one instance and one backup, clears faults and the call log. */
export function useExportScenario(sim: CrsSimulator, options: ExportScenarioOptions = {}): ExportCase {
  const target = { redisId: freshRedisId(), backupId: randomUUID(), region: 'gz' };
  sim.setScenario({
    credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
    errorShape: options.errorShape ?? 'code',
    exportDurationMs: options.exportDurationMs ?? 300,
    instances: [
      {
        redisId: target.redisId,
        redisName: 'orders',
        region: 'gz',
        regionId: 1,
        typeId: options.typeId ?? 1,
        status: 2,
        backups: [
          {
            backupId: target.backupId,
            status: options.backupStatus ?? 2,
            backupType: 'manualBackupInstance',
            startTime: '2026-11-28 03:00:00',
            exportOutcome: options.exportOutcome ?? 'success',
            rdbBytes: 4096,
          },
        ],
      },
    ],
  });
  sim.setFaults({});
  sim.clearCalls();
  return target;
}

/** How many times the simulator received each action (faulted calls included). */
export function callCounts(sim: CrsSimulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of sim.calls()) counts[call.action] = (counts[call.action] ?? 0) + 1;
  return counts;
}
