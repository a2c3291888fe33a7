// Simulator scenarios for the benchmarks: one instance per export, so every export has its own backup (the
// workflow ID derives from redisId + backupId) and each validation reads one short backup list.
import { createHash } from 'node:crypto';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { ExportTarget } from '@crs-export/contracts';

export interface TargetGroup {
  /** Two lowercase letters or digits, unique per group: part of every redisId of the group. */
  code: string;
  count: number;
  /** How long Tencent takes to convert the backup to RDB files (API 3.0, a cluster's first DescribeBackupUrl). */
  exportDurationMs: number;
  /** How long a ManualBackupInstance task of these instances takes (exports of `new`). */
  backupDurationMs?: number;
  /**
   * How long the instance's earlier backup (the one seeded) took, as Tencent lists it: by default as long as its
   * backup tasks take (the simulator's EndTime); `none`: the instance has no backup yet (its first).
   */
  backupHistory?: { lastedMs: number } | 'none';
  /** Default cluster. */
  architecture?: 'cluster' | 'standard';
  /** Instance names are `<namePrefix><index>` (default `bench-<redisId>`): batches select them by a glob. */
  namePrefix?: string;
}

export interface ScenarioOptions {
  /** Clock the backups' start times are relative to (the simulator's). */
  now: number;
  /** onDemand: a cluster backup is converted on its first DescribeBackupUrl; none: its files are there at once. */
  clusterConversion: 'onDemand' | 'none';
  /** The simulator's own enforcement of Tencent's per-account limits (on unless the worker's are lifted). */
  enforceRateLimits: boolean;
}

export const BENCH_REGION = 'gz';

/**
 * The plain scripts' own key, of another account: Tencent's limits count per account, and a script compared
 * with the worker must neither share the worker's budget nor be refused for the worker's calls.
 */
export const SCRIPT_CREDENTIAL = {
  secretId: 'AKIDcrsexportbenchscript00000000000',
  secretKey: 'crs-export-bench-script-key-not-a-real-one',
  uin: '200000000002',
} as const;

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

/** Tencent writes zone-less times in Beijing time (UTC+8). */
export function beijingTimeOf(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function instanceOf(target: ExportTarget, index: number, group: TargetGroup, now: number): unknown {
  const architecture = group.architecture ?? 'cluster';
  // An hour old: inside the 90 days `latest` looks back, and in the past on any clock skew; one that took as long
  // as a backup task of the instance ended an hour ago.
  const startedAt = now - 3600_000 - (group.backupDurationMs ?? 0);
  const history = group.backupHistory;
  return {
    redisId: target.redisId,
    redisName: `${group.namePrefix ?? 'bench-'}${group.namePrefix ? index : target.redisId}`,
    region: target.region,
    architecture,
    engine: architecture === 'cluster' ? 'Redis 7.0' : 'Redis 6.2',
    status: 2,
    ...(group.backupDurationMs === undefined ? {} : { backupDurationMs: group.backupDurationMs }),
    backups:
      history === 'none'
        ? []
        : [
            {
              backupId: target.backupId,
              status: 2,
              backupType: 'manualBackupInstance',
              startTime: beijingTimeOf(startedAt),
              ...(history ? { endTime: beijingTimeOf(startedAt + history.lastedMs) } : {}),
              exportDurationMs: group.exportDurationMs,
              exportOutcome: 'success',
              rdbBytes: 4096,
            },
          ],
  };
}

/** A scenario with the demo credentials (the worker's default) and every group's instances. */
export function benchScenario(groups: readonly TargetGroup[], options: ScenarioOptions): unknown {
  const codes = new Set<string>();
  for (const group of groups) {
    if (codes.has(group.code)) throw new Error(`duplicate group code ${group.code}`);
    codes.add(group.code);
  }
  return {
    credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }, { ...SCRIPT_CREDENTIAL }],
    exportDurationMs: 0,
    v3: {
      clusterConversion: options.clusterConversion,
      ...(options.enforceRateLimits ? {} : { rateLimits: false }),
    },
    instances: groups.flatMap((group) =>
      targetsOf(group).map((target, index) => instanceOf(target, index, group, options.now)),
    ),
  };
}
