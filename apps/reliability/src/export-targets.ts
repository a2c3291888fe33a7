// The backups each reliability scenario exports, and the simulator scenario (JSON) that holds them all.
import type { ExportTarget } from '@crs-export/contracts';
import { seededRandom, randomInt, randomToken, type Random } from './seeded-random';

/** What a planned export must end as: SUCCEEDED, or FAILED with Tencent's code. */
export type ExpectedOutcome = { state: 'SUCCEEDED' } | { state: 'FAILED'; code: number };

export interface PlannedExport extends ExportTarget {
  expected: ExpectedOutcome;
  /** The backup's DecryptKey when it is encrypted: a secret the suite knows, so that it can look for it. */
  decryptKey?: string;
}

export interface TargetGroupSpec {
  /** Six lowercase letters: the instance ids are `crs-<tag><nn>`. */
  tag: string;
  instances: number;
  backupsPerInstance: number;
  /** cluster (exportable) or a business error planted in the data. */
  kind: 'cluster' | 'non-cluster' | 'expired-backup';
  /** Export task durations are drawn from this range. */
  exportDurationMs: [number, number];
  /** Encrypted backups, each with a DecryptKey of its own. */
  encrypted?: boolean;
}

export interface SimulatorCredentials {
  secretId: string;
  secretKey: string;
}

const REGION = 'gz';
const REGION_ID = 1;

function uuid(random: Random): string {
  const hex = (n: number): string => randomToken(random, n, '0123456789abcdef');
  return `${hex(8)}-${hex(4)}-1${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** Base64 of 32 seeded bytes, as Tencent's DecryptKey. */
function decryptKey(random: Random): string {
  return Buffer.from(randomToken(random, 64, '0123456789abcdef'), 'hex').toString('base64');
}

function expectedOf(kind: TargetGroupSpec['kind']): ExpectedOutcome {
  switch (kind) {
    case 'cluster':
      return { state: 'SUCCEEDED' };
    case 'non-cluster':
      return { state: 'FAILED', code: 11214 };
    case 'expired-backup':
      return { state: 'FAILED', code: 10711 };
  }
}

export interface ExportPlan {
  /** The simulator scenario (CRS_SIM_SCENARIO): every group's instances and backups. */
  scenario: Record<string, unknown>;
  groups: Record<string, PlannedExport[]>;
}

/** Deterministic ids and durations from the seed; groups never share an instance, so call logs split cleanly. */
export function planExports(
  specs: Record<string, TargetGroupSpec>,
  credentials: SimulatorCredentials,
  seed: number,
): ExportPlan {
  const random = seededRandom(seed);
  const instances: Record<string, unknown>[] = [];
  const groups: Record<string, PlannedExport[]> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (!/^[a-z]{6}$/.test(spec.tag)) throw new Error(`group ${name}: tag must be six lowercase letters`);
    const planned: PlannedExport[] = [];
    groups[name] = planned;
    for (let i = 0; i < spec.instances; i++) {
      const redisId = `crs-${spec.tag}${String(i).padStart(2, '0')}`;
      const backups = Array.from({ length: spec.backupsPerInstance }, (_, j) => ({
        backupId: uuid(random),
        status: spec.kind === 'expired-backup' ? -1 : 2,
        backupType: 'manualBackupInstance',
        startTime: `2026-11-28 ${String(j % 24).padStart(2, '0')}:00:00`,
        exportOutcome: 'success',
        exportDurationMs: randomInt(random, spec.exportDurationMs[0], spec.exportDurationMs[1]),
        rdbBytes: 4096,
        ...(spec.encrypted ? { encrypted: true, decryptKey: decryptKey(random) } : {}),
      }));
      instances.push({
        redisId,
        redisName: `${name}-${i}`,
        region: REGION,
        regionId: REGION_ID,
        typeId: spec.kind === 'non-cluster' ? 2 : 1,
        status: 2,
        backups,
      });
      for (const backup of backups) {
        planned.push({
          redisId,
          backupId: backup.backupId,
          region: REGION,
          expected: expectedOf(spec.kind),
          ...(backup.decryptKey ? { decryptKey: backup.decryptKey } : {}),
        });
      }
    }
  }
  return {
    scenario: { credentials: [credentials], errorShape: 'code', exportDurationMs: 2000, instances },
    groups,
  };
}
