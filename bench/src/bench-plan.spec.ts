import { describe, expect, it } from 'vitest';
import { FULL_PLAN, withSizeOverrides } from './bench-plan';

describe('withSizeOverrides', () => {
  it('takes the start levels, export and instance counts from the environment', () => {
    const plan = withSizeOverrides(FULL_PLAN, {
      BENCH_START_LEVELS: '1, 8',
      BENCH_SCALE_EXPORTS: '100',
      BENCH_FLEET_INSTANCES: '20',
    });
    expect(plan.start.levels).toEqual([1, 8]);
    expect(plan.scale.exports).toBe(100);
    expect(plan.fleet.instances).toBe(20);
    expect(plan.start.measureMs).toBe(FULL_PLAN.start.measureMs);
  });

  it('keeps the plan when a value is not a positive integer in range', () => {
    const plan = withSizeOverrides(FULL_PLAN, {
      BENCH_START_LEVELS: '1,x',
      BENCH_SCALE_EXPORTS: '-3',
      BENCH_FLEET_INSTANCES: '99999',
    });
    expect(plan.start.levels).toEqual(FULL_PLAN.start.levels);
    expect(plan.scale.exports).toBe(FULL_PLAN.scale.exports);
    expect(plan.fleet.instances).toBe(FULL_PLAN.fleet.instances);
  });
});
