// The state file (issue 17): tasks, backups, download restrictions, URL keys and the clock offset survive a
// restart, as Tencent's do; the file is written atomically and wins over the scenario it was made from.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO, ManualClock, startCrsSimulator, type Scenario } from '../src';
import { rawGet } from './http-raw';
import { ok } from './sim-call';
import { closeAgents, sdkClient, sdkFailure } from './v3-sdk';

const dir = mkdtempSync(join(tmpdir(), 'crs-sim-state-'));
const SCENARIO: Scenario = { ...DEMO_SCENARIO, v3: { rateLimits: false } };
afterAll(() => {
  closeAgents();
  rmSync(dir, { recursive: true, force: true });
});

describe('state file', () => {
  it('carries tasks, backups, restrictions, URLs and the clock offset over a restart', async () => {
    const stateFile = join(dir, 'simulator-state.json');
    const clock = new ManualClock();
    const first = await startCrsSimulator({ clock, scenario: SCENARIO, stateFile });
    const client = sdkClient(first.port);
    const { TaskId } = await client.ManualBackupInstance({
      InstanceId: DEMO_IDS.masterReplicaRedisId,
      Remark: 'survivor',
    });
    await sdkFailure(
      client.DescribeBackupUrl({ InstanceId: DEMO_IDS.clusterRedisId, BackupId: DEMO_IDS.exportableBackupId }),
    );
    await client.ModifyBackupDownloadRestriction({ LimitType: 'LimitOnlyIntranet' });
    const v2Export = await ok(first, 'ExportRedisBackup', {
      redisId: DEMO_IDS.clusterRedisId,
      backupId: DEMO_IDS.exportFailsBackupId,
    });
    const v3Url = (
      await client.DescribeBackupUrl({ InstanceId: DEMO_IDS.clusterRedisId, BackupId: DEMO_IDS.exportedBackupId })
    ).BackupInfos?.[0]?.InnerDownloadUrl;
    const v2Url = (
      await ok(first, 'GetBackupDownloadUrl', {
        redisId: DEMO_IDS.masterReplicaRedisId,
        backupId: DEMO_IDS.masterReplicaBackupId,
      })
    ).data?.['extranet'] as string;
    first.advance(1000);
    const before = first.clock.now();
    const callsBefore = first.calls();
    await first.close();

    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(statSync(`${stateFile}.calls.jsonl`).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['simulator-state.json', 'simulator-state.json.calls.jsonl']);

    // Restarted at the same address, with another scenario: the state file wins.
    const second = await startCrsSimulator({
      clock,
      port: first.port,
      scenario: { ...SCENARIO, instances: [] },
      stateFile,
    });
    try {
      const again = sdkClient(second.port);
      expect(second.clock.now()).toBe(before);
      expect((await again.DescribeTaskInfo({ TaskId: TaskId as number })).Status).toBe('running');
      const survivor = (await again.DescribeInstanceBackups({ InstanceId: DEMO_IDS.masterReplicaRedisId, Status: [1] }))
        .BackupSet;
      expect(survivor).toEqual([expect.objectContaining({ Remark: 'survivor', Status: 1 })]);
      expect((await again.DescribeBackupDownloadRestriction()).LimitType).toBe('LimitOnlyIntranet');
      expect((await rawGet(v3Url ?? '')).status).toBe(200);
      expect((await rawGet(v2Url)).status).toBe(200);
      second.advance(2000);
      expect((await again.DescribeTaskInfo({ TaskId: TaskId as number })).Status).toBe('succeed');
      const converted = await again.DescribeInstanceBackups({ InstanceId: DEMO_IDS.clusterRedisId, Status: [4] });
      expect(converted.BackupSet?.map((backup) => backup.BackupId)).toContain(DEMO_IDS.exportableBackupId);
      const v2Task = await ok(second, 'DescribeTaskInfo', { requestId: v2Export.data?.['requestId'] as number });
      expect(v2Task.data?.['status']).toBe(3);
      // The call log carries on too (the reliability suite counts exports across a restart from it).
      const callsAfter = second.calls();
      expect(callsAfter.slice(0, callsBefore.length)).toEqual(callsBefore);
      expect(callsAfter.slice(callsBefore.length).map((call) => call.seq)).toEqual(
        callsAfter.slice(callsBefore.length).map((_, i) => (callsBefore.at(-1)?.seq ?? 0) + i + 1),
      );
      expect(callsBefore.filter((call) => call.action === 'ExportRedisBackup')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('starts from the scenario when the file does not exist yet, and refuses a corrupt one with its path', async () => {
    const fresh = join(dir, 'fresh.json');
    const sim = await startCrsSimulator({ stateFile: fresh, scenario: SCENARIO });
    await sim.close();
    expect(existsSync(fresh)).toBe(true);
    expect(JSON.parse(readFileSync(fresh, 'utf8'))).toMatchObject({ format: 'crs-simulator-state', version: 1 });
    writeFileSync(fresh, '{"format":"something else"}');
    await expect(startCrsSimulator({ stateFile: fresh })).rejects.toThrow(fresh);
  });

  it('forgets a reset state after POST /_sim/reset, on disk too', async () => {
    const stateFile = join(dir, 'reset.json');
    const sim = await startCrsSimulator({ stateFile, scenario: SCENARIO });
    await ok(sim, 'ExportRedisBackup', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.exportableBackupId });
    sim.reset();
    await sim.close();
    const again = await startCrsSimulator({ stateFile });
    try {
      expect(again.calls()).toEqual([]);
      const list = await ok(again, 'GetRedisBackupList', { redisId: DEMO_IDS.clusterRedisId, limit: 100, offset: 0 });
      expect(list.data?.['redisBackupSet']).toContainEqual(
        expect.objectContaining({ backupId: DEMO_IDS.exportableBackupId, status: 2 }),
      );
    } finally {
      await again.close();
    }
  });
});
