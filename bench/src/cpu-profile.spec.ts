// The CPU profile arithmetic of the start benchmark: cutting a profile to a window and where its time went.
import { describe, expect, it } from 'vitest';
import { packageOf, summarizeProfile, trimProfile, type CpuProfile } from './cpu-profile';

const ROOT = '/repo';

function frame(id: number, functionName: string, url: string, children: number[] = []) {
  return { id, callFrame: { functionName, url, lineNumber: 9, columnNumber: 0 }, children };
}

/** root -> (idle); root -> handle (apps/api) -> verify (node_modules/@nestjs/core) -> hash (node:crypto). */
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 3]),
    frame(2, '(idle)', ''),
    frame(3, 'handle', `file://${ROOT}/apps/api/src/auth/guard.ts`, [4]),
    frame(4, 'verify', `file://${ROOT}/node_modules/@nestjs/core/router.js`, [5]),
    frame(5, 'hash', 'node:crypto'),
  ],
  startTime: 1_000,
  endTime: 11_000,
  // Samples at 2000, 4000, 6000, 8000, 10000 (each lasts until the next; the last until endTime).
  samples: [2, 3, 4, 5, 5],
  timeDeltas: [1_000, 2_000, 2_000, 2_000, 2_000],
};

describe('packageOf', () => {
  it('names npm packages, scoped or not, node itself, and our own projects', () => {
    expect(packageOf('file:///repo/node_modules/@nestjs/core/a/b.js', ROOT)).toBe('@nestjs/core');
    expect(packageOf('file:///repo/node_modules/express/lib/router.js', ROOT)).toBe('express');
    expect(packageOf('node:internal/http', ROOT)).toBe('node');
    expect(packageOf('file:///repo/apps/api/src/main.ts', ROOT)).toBe('apps/api');
    expect(packageOf('', ROOT)).toBe('(native or V8)');
  });
});

describe('summarizeProfile', () => {
  it('splits busy from idle time and sums self time per function and per package', () => {
    const summary = summarizeProfile(PROFILE, { rootDir: ROOT, appPrefix: 'apps/api/src/' });
    expect(summary.samples).toBe(5);
    expect(summary.idleMs).toBe(2);
    expect(summary.busyMs).toBe(7);
    expect(summary.selfByPackage.map((share) => [share.name, share.ms])).toEqual([
      ['node', 3],
      ['apps/api', 2],
      ['@nestjs/core', 2],
    ]);
    expect(summary.topSelfFunctions.map((share) => share.name)).toEqual([
      'hash (node:crypto:10)',
      'handle (apps/api/src/auth/guard.ts:10)',
      'verify (@nestjs/core/router.js:10)',
    ]);
  });

  it('counts a sample once for every package and API file on its stack', () => {
    const summary = summarizeProfile(PROFILE, { rootDir: ROOT, appPrefix: 'apps/api/src/' });
    const inclusive = Object.fromEntries(summary.inclusiveByPackage.map((share) => [share.name, share.ms]));
    expect(inclusive).toEqual({ 'apps/api': 7, '@nestjs/core': 5, node: 3 });
    expect(summary.inclusiveByAppFile).toEqual([{ name: 'apps/api/src/auth/guard.ts', ms: 7, percent: 100 }]);
  });
});

describe('trimProfile', () => {
  it('keeps only the samples of the window, with deltas from the new start', () => {
    const trimmed = trimProfile(PROFILE, 3_500, 8_500);
    expect(trimmed.samples).toEqual([3, 4, 5]);
    expect(trimmed.startTime).toBe(4_000);
    expect(trimmed.endTime).toBe(8_000);
    expect(trimmed.timeDeltas).toEqual([0, 2_000, 2_000]);
    expect(trimmed.nodes).toBe(PROFILE.nodes);
  });
});
