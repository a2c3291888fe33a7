// The suite's shared state: one real stack of the chosen topology for every scenario (started once, stopped
// once), the planned exports, the report written at the end under tmp/ (never a tracked file), the optional
// CPU hogs, and the seeded generator behind every random choice.
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { testApiKeyToken } from '@crs-export/testing';
import { startCpuHogs, type CpuHogs } from '../../src/cpu-hog';
import { planExports, type ExportPlan, type PlannedExport, type TargetGroupSpec } from '../../src/export-targets';
import { ReliabilityReport } from '../../src/reliability-report';
import { startReliabilityStack, type ReliabilityStack } from '../../src/reliability-stack';
import { provenanceOf } from '../../src/report-provenance';
import { randomToken, seededRandom, type Random } from '../../src/seeded-random';
import { suiteSettings, type SuiteSettings } from '../../src/suite-settings';

export const ROOT_DIR = resolve(__dirname, '..', '..', '..', '..');
export const SETTINGS: SuiteSettings = suiteSettings();
/** tmp/reliability/<topology>/: the report, Vitest's counts and the run's stack (logs, calls, data). */
export const WORK_DIR = join(ROOT_DIR, 'tmp', 'reliability', SETTINGS.topology);
export const REPORT_FILE = join(WORK_DIR, 'report.md');

/** Same seed, same ids, durations, kill moments and faults; RELIABILITY_SEED picks another run. */
export const SEED = SETTINGS.seed;

const cluster = (
  tag: string,
  instances: number,
  backupsPerInstance: number,
  exportDurationMs: [number, number],
  extra: Partial<TargetGroupSpec> = {},
): TargetGroupSpec => ({ tag, instances, backupsPerInstance, kind: 'cluster', exportDurationMs, ...extra });

export const TARGET_GROUPS = {
  // Encrypted, each with a DecryptKey: secrets the scan looks for everywhere.
  faults: cluster('faultz', 4, 10, [1000, 3000], { encrypted: true }),
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
  workerCrash: cluster('wcrash', 5, 10, [2000, 6000]),
  gracefulShutdown: cluster('sigter', 1, 10, [1000, 2000]),
  temporalRestart: cluster('tempor', 2, 10, [3000, 6000]),
  apiRestart: cluster('apirst', 1, 10, [3000, 5000]),
  // Held until the scenario moves the simulator's clock: certainly running when their POST is sent again.
  apiRestartHeld: cluster('apihld', 1, 3, [3_600_000, 3_600_000]),
  // The production topology's own scenarios.
  temporalKill: cluster('tekill', 2, 10, [3000, 6000]),
  postgresRestart: cluster('pgrest', 2, 10, [3000, 6000]),
  workerFailover: cluster('wfailo', 3, 10, [3000, 6000]),
  apiFailover: cluster('apifov', 2, 10, [1000, 3000]),
  simulatorEarly: cluster('simerl', 1, 5, [500, 1000]),
  simulatorRestart: cluster('simrst', 2, 10, [4000, 8000]),
  longOutage: cluster('longou', 2, 10, [2000, 6000]),
} satisfies Record<string, TargetGroupSpec>;

export type TargetGroup = keyof typeof TARGET_GROUPS;

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

/**
 * Registers the suite's beforeAll/afterAll; the getter is valid inside tests. `scenarios` are the names the
 * run must record (and pass) for its report to count as complete.
 */
export function useReliabilitySuite(scenarios: readonly string[]): () => ReliabilitySuite {
  let suite: ReliabilitySuite | null = null;
  let hogs: CpuHogs | null = null;
  const suiteStarted = Date.now();
  beforeAll(async () => {
    const random = seededRandom(SEED);
    const secretKey = `relsk-${randomToken(random, 24)}-never-log-me`;
    const credentials = { secretId: `AKIDrel${randomToken(random, 29)}`, secretKey };
    // The API's token form (`crs_<id>_<secret>`), derived from the seed: the same run, the same key.
    const apiKey = testApiKeyToken(`reliability-${randomToken(random, 24)}`);
    const plan = planExports(TARGET_GROUPS, credentials, SEED);
    if (SETTINGS.cpuHogs > 0) hogs = startCpuHogs(SETTINGS.cpuHogs);
    const rs = await startReliabilityStack(SETTINGS.topology, {
      rootDir: ROOT_DIR,
      workDir: join(WORK_DIR, 'stack'),
      scenario: plan.scenario,
      credentials,
      apiKey,
    });
    const report = new ReliabilityReport({
      startedAt: new Date(suiteStarted).toISOString(),
      provenance: provenanceOf(ROOT_DIR),
      topology: SETTINGS.topology,
      profile: SETTINGS.profile,
      description: rs.description,
      facts: rs.facts,
      cores: cpus().length,
      cpuHogs: SETTINGS.cpuHogs,
      seed: SEED,
      stackStartupMs: rs.startupMs,
      env: rs.settings,
    });
    suite = { rs, plan, report, random, apiKey, secretKey, targets: (group) => plan.groups[group] ?? [] };
  });
  afterAll(async () => {
    try {
      if (suite) {
        const { report } = suite;
        report.write(Date.now() - suiteStarted, REPORT_FILE, report.complete(scenarios));
      }
    } finally {
      await suite?.rs.close();
      await hogs?.stop();
    }
  });
  return () => {
    if (!suite) throw new Error('the reliability stack did not start (see beforeAll)');
    return suite;
  };
}
