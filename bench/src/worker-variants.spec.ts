// The scale benchmark's worker configurations, as BENCH_SCALE_VARIANTS names them.
import { describe, expect, it } from 'vitest';
import { parseVariants, PREVIOUS, variantEnv } from './worker-variants';

describe('parseVariants', () => {
  it('reads named variants with their variables; an empty value unsets one', () => {
    const variants = parseVariants(
      'lean:WORKER_MAX_CACHED_WORKFLOWS=50,NODE_OPTIONS=--max-old-space-size=256; glibc:MALLOC_ARENA_MAX=',
    );
    expect(variants).toEqual([
      {
        name: 'lean',
        description: 'WORKER_MAX_CACHED_WORKFLOWS=50, NODE_OPTIONS=--max-old-space-size=256',
        env: { WORKER_MAX_CACHED_WORKFLOWS: '50', NODE_OPTIONS: '--max-old-space-size=256' },
      },
      { name: 'glibc', description: 'MALLOC_ARENA_MAX=(unset)', env: { MALLOC_ARENA_MAX: null } },
    ]);
  });

  it('refuses a pair without a name', () => {
    expect(() => parseVariants('bad:=1')).toThrow(/KEY=VALUE/);
  });
});

describe('variantEnv', () => {
  it('turns unset variables into undefined, which the stack leaves out of the environment', () => {
    const env = variantEnv(PREVIOUS);
    expect(env['WORKER_MAX_CACHED_WORKFLOWS']).toBe('250');
    expect('MALLOC_ARENA_MAX' in env && env['MALLOC_ARENA_MAX'] === undefined).toBe(true);
  });
});
