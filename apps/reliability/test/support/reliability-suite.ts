// The suite's shared state: one real stack for every scenario (started once, stopped once), the planned
// exports, the report written at the end, and the seeded generator behind every random choice.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { planExports, type ExportPlan, type PlannedExport, type TargetGroupSpec } from '../../src/export-targets';
import { ReliabilityReport } from '../../src/reliability-report';
import { startReliabilityStack, SUITE_ENV, type ReliabilityStack } from '../../src/reliability-stack';
import { randomToken, seededRandom, type Random } from '../../src/seeded-random';

export const ROOT_DIR = resolve(__dirname, '..', '..', '..', '..');
export const WORK_DIR = join(ROOT_DIR, 'tmp', 'reliability');
export const REPORT_FILES = { run: join(WORK_DIR, 'report.md'), docs: join(ROOT_DIR, 'docs', 'reliability-report.md') };

/** Same seed, same ids, durations, kill moments and faults; RELIABILITY_SEED picks another run. */
export const SEED = Number(process.env['RELIABILITY_SEED'] ?? 20261128);

export const TARGET_GROUPS = {
  faults: { tag: 'faultz', instances: 4, backupsPerInstance: 10, kind: 'cluster', exportDurationMs: [1000, 3000] },
  nonCluster: {
    tag: 'noclus',
    instances: 4,
    backupsPerInstance: 1,
    kind: 'non-cluster',
    exportDurationMs: [1000, 1000],
  },
  expiredBackup: {
    tag: 'expird',
    instances: 4,
    backupsPerInstance: 1,
    kind: 'expired-backup',
    exportDurationMs: [1000, 1000],
  },
  workerCrash: { tag: 'wcrash', instances: 5, backupsPerInstance: 10, kind: 'cluster', exportDurationMs: [2000, 6000] },
  gracefulShutdown: {
    tag: 'sigter',
    instances: 1,
    backupsPerInstance: 10,
    kind: 'cluster',
    exportDurationMs: [1000, 2000],
  },
  temporalRestart: {
    tag: 'tempor',
    instances: 2,
    backupsPerInstance: 10,
    kind: 'cluster',
    exportDurationMs: [3000, 6000],
  },
  apiRestart: { tag: 'apirst', instances: 1, backupsPerInstance: 10, kind: 'cluster', exportDurationMs: [3000, 5000] },
  // Held until the scenario moves the simulator's clock: certainly running when their POST is sent again.
  apiRestartHeld: {
    tag: 'apihld',
    instances: 1,
    backupsPerInstance: 3,
    kind: 'cluster',
    exportDurationMs: [3_600_000, 3_600_000],
  },
} satisfies Record<string, TargetGroupSpec>;

export type TargetGroup = keyof typeof TARGET_GROUPS;

/** The scenarios the full report needs; the docs copy is written only when all of them ran. */
export const SCENARIO_NAMES = [
  'API faults',
  'Worker crash',
  'Graceful shutdown',
  'Temporal restart',
  'API restart',
] as const;

export interface ReliabilitySuite {
  rs: ReliabilityStack;
  plan: ExportPlan;
  report: ReliabilityReport;
  random: Random;
  apiKey: string;
  /** The worker's Tencent secret key: distinctive, so that finding it anywhere means it leaked. */
  secretKey: string;
  targets(group: TargetGroup): PlannedExport[];
}

function commitOf(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Registers the suite's beforeAll/afterAll; the getter is valid inside tests. */
export function useReliabilitySuite(): () => ReliabilitySuite {
  let suite: ReliabilitySuite | null = null;
  const suiteStarted = Date.now();
  beforeAll(async () => {
    const random = seededRandom(SEED);
    const secretKey = `relsk-${randomToken(random, 24)}-never-log-me`;
    const credentials = { secretId: `AKIDrel${randomToken(random, 29)}`, secretKey };
    const apiKey = `rel-api-${randomToken(random, 24)}`;
    const plan = planExports(TARGET_GROUPS, credentials, SEED);
    const rs = await startReliabilityStack({
      rootDir: ROOT_DIR,
      workDir: join(WORK_DIR, 'stack'),
      scenario: plan.scenario,
      credentials,
      apiKey,
    });
    const report = new ReliabilityReport({
      startedAt: new Date(suiteStarted).toISOString(),
      commit: commitOf(),
      cores: cpus().length,
      seed: SEED,
      stackStartupMs: rs.startupMs,
      env: SUITE_ENV,
    });
    suite = { rs, plan, report, random, apiKey, secretKey, targets: (group) => plan.groups[group] ?? [] };
  });
  afterAll(async () => {
    if (!suite) return;
    try {
      const { report } = suite;
      const complete =
        SCENARIO_NAMES.every((name) => report.scenarios.some((s) => s.name === name)) && report.fuzz && report.secrets;
      report.write(Date.now() - suiteStarted, complete ? [REPORT_FILES.run, REPORT_FILES.docs] : [REPORT_FILES.run]);
    } finally {
      await suite.rs.close();
    }
  });
  return () => {
    if (!suite) throw new Error('the reliability stack did not start (see beforeAll)');
    return suite;
  };
}
