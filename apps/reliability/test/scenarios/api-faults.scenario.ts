// CRS API faults on every action (retryable codes, HTTP 5xx, timeouts, dropped answers): every export of
// an exportable backup succeeds with one accepted ExportRedisBackup; business errors fail at once.
import { expect, it } from 'vitest';
import type { FaultConfig } from '@crs-export/crs-simulator';
import { answeredOk, callsFor, tookEffect } from '../../src/call-stats';
import { startExports, waitUntilTerminal } from '../../src/export-driver';
import { ScenarioRecorder } from '../../src/scenario-recorder';
import type { ReliabilitySuite } from '../support/reliability-suite';

/**
 * Every action: 20% retryable codes, 10% HTTP 5xx, 5% no answer, 5% answer dropped after the call took
 * effect. ExportRedisBackup loses a quarter of its answers, so that the "already exporting" path (backup
 * status 3/4 after a lost answer, no second export) runs in every run, not by luck.
 */
export const API_FAULTS: FaultConfig = {
  '*': {
    errorRate: 0.2,
    errorCodes: [6000, 5100, 6200, 4400, 4500, 10702, 10707, 10710],
    httpErrorRate: 0.1,
    httpStatuses: [500, 502, 503, 504],
    timeoutRate: 0.05,
    dropResponseRate: 0.05,
  },
  ExportRedisBackup: { dropResponseRate: 0.25 },
};

export function apiFaultsScenario(suite: () => ReliabilitySuite): void {
  it('completes every export through CRS faults, exporting each backup once, and fails business errors at once', async () => {
    const { rs, report, targets } = suite();
    const exportable = targets('faults');
    const nonCluster = targets('nonCluster');
    const expired = targets('expiredBackup');
    const all = [...exportable, ...nonCluster, ...expired];
    const recorder = await ScenarioRecorder.begin(rs, 'API faults');
    await rs.simulator.setFaults(API_FAULTS);
    let terminal;
    try {
      const started = await startExports(rs.api, all);
      recorder.track(started.exportIds);
      expect(started.created).toBe(all.length);
      terminal = await waitUntilTerminal(rs.api, started.exportIds, { timeoutMs: 180_000 });
    } finally {
      await rs.simulator.clearFaults();
      await recorder.cancelUnfinished();
    }
    const { result, calls } = await recorder.finish(report, {
      expectation: `${exportable.length} SUCCEEDED, ${nonCluster.length} FAILED 11214, ${expired.length} FAILED 10711`,
      terminal,
    });
    const resourceOf = (target: (typeof all)[number]) =>
      [...terminal.byId.values()].find((r) => r.redisId === target.redisId && r.backupId === target.backupId);

    // The faults really happened, of every kind.
    expect(result.calls.faults.error).toBeGreaterThan(0);
    expect(result.calls.faults.httpError).toBeGreaterThan(0);
    expect(result.calls.faults.timeout).toBeGreaterThan(0);
    expect(result.calls.faults.dropResponse).toBeGreaterThan(0);

    const exportCalls = calls.filter((call) => call.action === 'ExportRedisBackup');
    const dropped = exportCalls.filter((call) => call.fault === 'dropResponse' && call.code === 0).length;
    const refused = exportCalls.filter((call) => call.code === 10711).length;
    recorder.notes.push(
      `${dropped} ExportRedisBackup answers dropped after Tencent accepted the export, each recognised on retry by the backup status (3/4); ${refused} re-sends refused with 10711`,
    );
    expect(dropped).toBeGreaterThan(0);

    expect(exportable.map((t) => resourceOf(t)?.state)).toEqual(exportable.map(() => 'SUCCEEDED'));
    for (const target of exportable) {
      const ownCalls = callsFor(calls, 'ExportRedisBackup', target);
      // Tencent accepted exactly one export of the backup; any re-send (after a lost answer) was refused.
      expect(ownCalls.filter(tookEffect), `${target.backupId}: accepted exports`).toHaveLength(1);
      expect(resourceOf(target)?.files?.[0]?.extranetUrl).toMatch(/^https?:\/\//);
    }

    for (const target of nonCluster) {
      const resource = resourceOf(target);
      expect(resource?.state).toBe('FAILED');
      expect(resource?.error).toMatchObject({
        code: 11214,
        name: 'OnlyClusterInstanceCanExportBackup',
        retryable: false,
      });
      // Failed on the first real answer of DescribeRedis: no second one, no export attempt.
      expect(callsFor(calls, 'DescribeRedis', { redisId: target.redisId }).filter(answeredOk)).toHaveLength(1);
      expect(callsFor(calls, 'ExportRedisBackup', target)).toHaveLength(0);
    }
    for (const target of expired) {
      const resource = resourceOf(target);
      expect(resource?.state).toBe('FAILED');
      expect(resource?.error).toMatchObject({ code: 10711, name: 'BackupStatusInvalid', retryable: false });
      expect(callsFor(calls, 'GetRedisBackupList', { redisId: target.redisId }).filter(answeredOk)).toHaveLength(1);
      expect(callsFor(calls, 'ExportRedisBackup', target)).toHaveLength(0);
    }
    result.passed = true;
  });
}
