// Assertions the scenarios share: each backup exported exactly once, from the simulator's call log.
import { expect } from 'vitest';
import type { CallRecord } from '@crs-export/crs-simulator';
import { callsFor, tookEffect } from '../../src/call-stats';
import type { ExportTarget } from '@crs-export/contracts';

/** Tencent accepted exactly one ExportRedisBackup per backup; any re-send was refused (10711). */
export function expectEachExportedOnce(calls: readonly CallRecord[], targets: readonly ExportTarget[]): void {
  for (const target of targets) {
    const exportCalls = callsFor(calls, 'ExportRedisBackup', target);
    expect(exportCalls.filter(tookEffect), `${target.redisId}/${target.backupId}: accepted exports`).toHaveLength(1);
    expect(exportCalls.filter((call) => !tookEffect(call) && call.code !== null).map((call) => call.code)).toEqual(
      exportCalls.filter((call) => !tookEffect(call) && call.code !== null).map(() => 10711),
    );
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
