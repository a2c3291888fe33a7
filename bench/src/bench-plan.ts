// How big each benchmark runs: the full run (the figures of the summary) and the short one CI runs, which
// exercises every part at small sizes in a few minutes.
import type { PollingCostPlan } from './polling-cost';

export interface BenchPlan {
  start: {
    levels: number[];
    /** Per side and level (two halves each). */
    measureMs: number;
    warmupMs: number;
    profileMs: number;
    profileWarmupMs: number;
  };
  e2e: { pairs: number; warmupPairs: number };
  scale: { exports: number; conversionMs: number; startConcurrency: number };
  polling: PollingCostPlan;
  fleet: { instances: number; concurrency: number; conversionMs: number };
}

export const FULL_PLAN: BenchPlan = {
  start: { levels: [1, 8, 64, 256], measureMs: 20_000, warmupMs: 3_000, profileMs: 15_000, profileWarmupMs: 3_000 },
  e2e: { pairs: 200, warmupPairs: 10 },
  scale: { exports: 2000, conversionMs: 60_000, startConcurrency: 32 },
  // The workflow's 1,000 s point takes 500 s even time-scaled by 2; 10,000 s would take 83 minutes: only the
  // held-clock pollers have it.
  polling: {
    durationsSeconds: [10, 100, 1000, 10_000],
    workflowDurationsSeconds: [10, 100, 1000],
    timeScale: 2,
    exportsPerPoint: 5,
  },
  fleet: { instances: 1000, concurrency: 100, conversionMs: 3000 },
};

export const SHORT_PLAN: BenchPlan = {
  start: { levels: [1, 8, 64, 256], measureMs: 3_000, warmupMs: 1_000, profileMs: 3_000, profileWarmupMs: 1_000 },
  e2e: { pairs: 15, warmupPairs: 3 },
  scale: { exports: 200, conversionMs: 20_000, startConcurrency: 32 },
  polling: {
    durationsSeconds: [10, 100, 1000, 10_000],
    workflowDurationsSeconds: [10],
    timeScale: 2,
    exportsPerPoint: 2,
  },
  fleet: { instances: 100, concurrency: 50, conversionMs: 3000 },
};

/**
 * BENCH_SCALE_EXPORTS (e.g. 1000) and BENCH_FLEET_INSTANCES override the sizes of a plan; BENCH_START_LEVELS
 * (e.g. `1` or `1,8`) the start benchmark's concurrencies, to look at one level without the others.
 */
export function withSizeOverrides(plan: BenchPlan, env: Record<string, string | undefined>): BenchPlan {
  const size = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 && value <= 10_000 ? value : fallback;
  };
  const levels = (env['BENCH_START_LEVELS'] ?? '')
    .split(',')
    .filter((level) => level.trim() !== '')
    .map(Number);
  const validLevels =
    levels.length > 0 && levels.every((level) => Number.isInteger(level) && level > 0 && level <= 1024);
  return {
    ...plan,
    start: validLevels ? { ...plan.start, levels } : plan.start,
    scale: { ...plan.scale, exports: size('BENCH_SCALE_EXPORTS', plan.scale.exports) },
    fleet: { ...plan.fleet, instances: size('BENCH_FLEET_INSTANCES', plan.fleet.instances) },
  };
}
