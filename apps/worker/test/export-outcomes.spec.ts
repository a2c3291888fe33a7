// End to end: how an export ends against the real client, the in-process simulator and real Temporal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStatusQuery } from '@crs-export/workflows';
import { eventuallyListed, openExportHarness, outcomeOf, type ExportHarness } from './support/export-harness';
import { callCounts, useExportScenario } from './support/export-scenario';
import { saveHistoryFixture } from './support/history-fixtures';

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness();
});
afterAll(async () => harness?.close());

describe('an export against the simulator', () => {
  it('succeeds with both download URLs valid for 12 hours and calls ExportRedisBackup once', async () => {
    const target = useExportScenario(harness.sim);
    const status = await harness.run(target, async (handle) => {
      const final = await outcomeOf(handle);
      await saveHistoryFixture('succeeded', handle);
      return final;
    });
    expect(status.state).toBe('SUCCEEDED');
    expect(status.taskId).toEqual(expect.any(Number));
    expect(status.taskStatus).toBe(2);
    expect(status.polls).toBeGreaterThanOrEqual(1);
    expect(status.files).toHaveLength(1);
    expect(status.files?.[0]?.extranetUrl).toMatch(/^http/);
    expect(status.files?.[0]?.intranetUrl).toMatch(/^http/);
    const validForMs = Date.parse(status.files?.[0]?.expiresAt ?? '') - Date.parse(status.finishedAt ?? '');
    expect(validForMs).toBeGreaterThan(11.9 * 3600_000);
    expect(Object.keys(status.stateEnteredAt)).toEqual([
      'VALIDATING',
      'EXPORTING',
      'WAITING_FOR_TASK',
      'FETCHING_URL',
      'SUCCEEDED',
    ]);
    expect(status.error).toBeNull();
    expect(callCounts(harness.sim)['ExportRedisBackup']).toBe(1);
  });

  it.each([
    { code: 11214, name: 'OnlyClusterInstanceCanExportBackup', scenario: { typeId: 2 } },
    { code: 10711, name: 'BackupStatusInvalid', scenario: { backupStatus: -1 } },
    { code: 10711, name: 'BackupStatusInvalid', scenario: { backupStatus: 1 } },
  ])(
    'fails at once on $code ($name) found by validation, without calling ExportRedisBackup',
    async ({ code, name, scenario }) => {
      const target = useExportScenario(harness.sim, scenario);
      const status = await harness.run(target, outcomeOf);
      expect(status.state).toBe('FAILED');
      expect(status.error).toMatchObject({ code, name, retryable: false });
      expect(status.error?.message).toMatch(new RegExp(`${target.redisId}|${target.backupId}`));
      const counts = callCounts(harness.sim);
      expect(counts['ExportRedisBackup']).toBeUndefined();
      expect(counts['DescribeRedis']).toBe(1);
    },
  );

  it('fails at once with 10701 for an instance of another region', async () => {
    const target = useExportScenario(harness.sim);
    const status = await harness.run({ ...target, region: 'sh' }, outcomeOf);
    expect(status.error).toMatchObject({ code: 10701, name: 'InstanceNotExists', retryable: false });
    expect(callCounts(harness.sim)).toEqual({ DescribeRedis: 1 });
  });

  it('fails at once with 11213 for a backup that is not in any page of the list', async () => {
    const target = useExportScenario(harness.sim);
    const status = await harness.run({ ...target, backupId: '00000000-0000-0000-0000-000000000000' }, outcomeOf);
    expect(status.error).toMatchObject({ code: 11213, name: 'BackupNotExists', retryable: false });
    expect(callCounts(harness.sim)).toEqual({ DescribeRedis: 1, GetRedisBackupList: 1 });
  });

  it.each([
    { code: 11214, errorShape: 'module' as const },
    { code: 10711, errorShape: 'code' as const },
  ])(
    'fails on the first attempt when ExportRedisBackup answers $code ($errorShape shape)',
    async ({ code, errorShape }) => {
      const target = useExportScenario(harness.sim, { errorShape });
      harness.sim.setFaults({ ExportRedisBackup: { errorRate: 1, errorCodes: [code] } });
      const status = await harness.run(target, outcomeOf);
      expect(status.state).toBe('FAILED');
      expect(status.error).toMatchObject({ code, retryable: false, action: 'ExportRedisBackup' });
      expect(callCounts(harness.sim)['ExportRedisBackup']).toBe(1);
    },
  );

  it('retries transient faults (HTTP 502, 6000, busy 10707) with backoff and succeeds', async () => {
    const target = useExportScenario(harness.sim);
    harness.sim.setFaults({
      DescribeRedis: { httpErrorRate: 0.5, httpStatuses: [502] },
      ExportRedisBackup: { errorRate: 0.5, errorCodes: [6000, 10707] },
      GetBackupDownloadUrl: { errorRate: 0.5, errorCodes: [6000] },
    });
    const status = await harness.run(target, outcomeOf);
    expect(status.state).toBe('SUCCEEDED');
    expect(harness.sim.calls().filter((call) => call.fault !== null).length).toBeGreaterThan(0);
    const accepted = harness.sim.calls({ action: 'ExportRedisBackup' }).filter((call) => call.code === 0);
    expect(accepted).toHaveLength(1);
  });

  it.each([
    { outcome: 'failed' as const, code: 'ExportTaskFailed', taskStatus: 3 },
    { outcome: 'error' as const, code: 'ExportTaskError', taskStatus: -1 },
  ])('fails with $code when the task ends with status $taskStatus', async ({ outcome, code, taskStatus }) => {
    const target = useExportScenario(harness.sim, { exportOutcome: outcome });
    const status = await harness.run(target, async (handle) => {
      const final = await outcomeOf(handle);
      if (outcome === 'failed') await saveHistoryFixture('task-failed', handle);
      return final;
    });
    expect(status.state).toBe('FAILED');
    expect(status.taskStatus).toBe(taskStatus);
    expect(status.error).toMatchObject({ code, name: code, retryable: false });
    expect(status.polls).toBeGreaterThanOrEqual(1);
  });

  it('fails with ExportTaskTimedOut when the task outlives the deadline, reporting the polls made', async () => {
    const target = useExportScenario(harness.sim, { exportDurationMs: 60_000 });
    const status = await harness.run(
      target,
      async (handle) => {
        const final = await outcomeOf(handle);
        await saveHistoryFixture('timed-out', handle);
        return final;
      },
      { deadlineMs: 1_500 },
    );
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatchObject({ code: 'ExportTaskTimedOut', retryable: false });
    expect(status.polls).toBeGreaterThanOrEqual(1);
    expect(status.polls).toBe(callCounts(harness.sim)['DescribeTaskInfo']);
  });

  it('is found by RedisId and ExportState once it has failed', async () => {
    const target = useExportScenario(harness.sim, { typeId: 2 });
    const workflowId = await harness.run(target, async (handle) => {
      await outcomeOf(handle);
      expect((await handle.query(exportStatusQuery)).state).toBe('FAILED');
      return handle.workflowId;
    });
    const query = `RedisId = '${target.redisId}' AND ExportState = 'FAILED'`;
    expect(await eventuallyListed(harness.client, query)).toEqual([workflowId]);
  });
});
