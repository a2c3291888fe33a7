// Simulator scenarios for the benchmarks: one cluster instance per export, so every export has its own backup
// (the workflow ID derives from redisId + backupId) and each validation reads a one-page backup list.
import { createHash } from 'node:crypto';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { ExportTarget } from '@crs-export/contracts';
import type { ScenarioInstance } from '@crs-export/crs-simulator';

export interface TargetGroup {
  /** Two lowercase letters or digits, unique per group: part of every redisId of the group. */
  code: string;
  count: number;
  exportDurationMs: number;
}

export const BENCH_REGION = 'gz';

/** `crs-` + the group code + 6 base-36 digits: matches the API's redisId pattern. */
export function redisIdOf(code: string, index: number): string {
  if (!/^[a-z0-9]{2}$/.test(code)) throw new Error(`group code must be 2 lowercase letters or digits, got ${code}`);
  return `crs-${code}${index.toString(36).padStart(6, '0')}`;
}

/** A lowercase UUID-shaped id derived from the name (the API's backupId pattern). */
export function backupIdOf(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function targetOf(code: string, index: number): ExportTarget {
  const redisId = redisIdOf(code, index);
  return { redisId, backupId: backupIdOf(redisId), region: BENCH_REGION };
}

export function targetsOf(group: TargetGroup): ExportTarget[] {
  return Array.from({ length: group.count }, (_, index) => targetOf(group.code, index));
}

function instanceOf(target: ExportTarget, exportDurationMs: number): ScenarioInstance {
  return {
    redisId: target.redisId,
    redisName: `bench-${target.redisId}`,
    region: target.region,
    regionId: 1,
    typeId: 1,
    status: 2,
    backups: [
      {
        backupId: target.backupId,
        status: 2,
        backupType: 'manualBackupInstance',
        startTime: '2026-11-28 03:00:00',
        exportDurationMs,
        exportOutcome: 'success',
        rdbBytes: 4096,
      },
    ],
  };
}

/** A scenario with the demo credentials (the worker's default) and every group's instances. */
export function benchScenario(groups: readonly TargetGroup[]): unknown {
  const codes = new Set<string>();
  for (const group of groups) {
    if (codes.has(group.code)) throw new Error(`duplicate group code ${group.code}`);
    codes.add(group.code);
  }
  return {
    credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
    errorShape: 'code',
    exportDurationMs: 0,
    instances: groups.flatMap((group) => targetsOf(group).map((target) => instanceOf(target, group.exportDurationMs))),
  };
}
