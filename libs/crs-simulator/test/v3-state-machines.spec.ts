// The 3.0 state machines on the simulator's clock, through Tencent's SDK: a manual backup (hidden by the
// default filter, locking the instance, then visible), task failures with TaskMessage, expiry by storage
// days, on-demand conversion of cluster backups (2 -> 3 -> 4) and its switches, instance status, the
// answer-shape switches, and the per-account, per-action rate limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO, ManualClock, startCrsSimulator, type CrsSimulator, type Scenario } from '../src';
import { closeAgents, sdkClient, sdkFailure, type RedisClient } from './v3-sdk';

const ORDERS = DEMO_IDS.clusterRedisId;
const SESSIONS = DEMO_IDS.masterReplicaRedisId;
const DAY = 86_400_000;
const SCENARIO: Scenario = { ...DEMO_SCENARIO, v3: { rateLimits: false } };

const clock = new ManualClock();
let sim: CrsSimulator;
let client: RedisClient;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock, scenario: SCENARIO });
  client = sdkClient(sim.port);
});
afterAll(async () => {
  closeAgents();
  await sim.close();
});
beforeEach(() => {
  sim.setScenario(SCENARIO);
  sim.reset();
});

/** The scenario with changes to one instance. */
function withInstance(redisId: string, changes: Record<string, unknown>, v3: Scenario['v3'] = SCENARIO.v3): Scenario {
  return {
    ...SCENARIO,
    v3,
    instances: SCENARIO.instances.map((instance) =>
      instance.redisId === redisId ? { ...instance, ...changes } : instance,
    ),
  };
}

async function backupsOf(instanceId: string, status?: number[]) {
  return (
    (
      await client.DescribeInstanceBackups({
        InstanceId: instanceId,
        Limit: 100,
        ...(status ? { Status: status } : {}),
      })
    ).BackupSet ?? []
  );
}

async function statusOfTask(taskId: number): Promise<string | undefined> {
  return (await client.DescribeTaskInfo({ TaskId: taskId })).Status;
}

describe('ManualBackupInstance', () => {
  it('makes a backup in status 1 (Locked, hidden by the default filter) that becomes 2 when its task succeeds', async () => {
    const before = (await backupsOf(SESSIONS)).length;
    const { TaskId } = await client.ManualBackupInstance({ InstanceId: SESSIONS, Remark: 'before export' });
    const taskId = TaskId as number;
    expect(await backupsOf(SESSIONS)).toHaveLength(before);
    const inProgress = (await backupsOf(SESSIONS, [1, 2])).filter((backup) => backup.Remark === 'before export');
    expect(inProgress).toEqual([expect.objectContaining({ Status: 1, Locked: 1, BackupType: '0' })]);
    expect(await statusOfTask(taskId)).toBe('preparing');
    clock.advance(300);
    expect(await statusOfTask(taskId)).toBe('running');
    clock.advance(2700);
    expect(await statusOfTask(taskId)).toBe('succeed');
    const done = (await backupsOf(SESSIONS)).filter((backup) => backup.Remark === 'before export');
    expect(done).toEqual([expect.objectContaining({ Status: 2, Locked: 0, BackupId: inProgress[0]?.BackupId })]);
    expect(await backupsOf(SESSIONS)).toHaveLength(before + 1);
  });

  it("lists every backup as lasting what the instance's backup task takes, to the second, in Beijing time", async () => {
    const durationMs = 95_000;
    sim.setScenario(withInstance(SESSIONS, { backupDurationMs: durationMs }));
    sim.reset();
    const lasted = (backup: { StartTime?: string; EndTime?: string }): number =>
      Date.parse(`${(backup.EndTime ?? '').replace(' ', 'T')}+08:00`) -
      Date.parse(`${(backup.StartTime ?? '').replace(' ', 'T')}+08:00`);
    // Seeded backups that name no end time.
    const seeded = await backupsOf(SESSIONS, [1, 2, 3, 4, -1]);
    expect(seeded.length).toBeGreaterThan(0);
    for (const backup of seeded) expect(lasted(backup)).toBe(durationMs);
    // And one ManualBackupInstance makes, started mid-second.
    clock.advance(700);
    const { TaskId } = await client.ManualBackupInstance({ InstanceId: SESSIONS, Remark: 'timed' });
    clock.advance(durationMs);
    expect(await statusOfTask(TaskId as number)).toBe('succeed');
    const made = (await backupsOf(SESSIONS)).find((backup) => backup.Remark === 'timed');
    expect(made?.StartTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(lasted(made ?? {})).toBe(durationMs);
  });

  it('holds the instance in a flow while it runs: Status 1, and a second backup answers InstanceLockedError', async () => {
    await client.ManualBackupInstance({ InstanceId: SESSIONS });
    expect((await client.DescribeInstances({ InstanceId: SESSIONS })).InstanceSet?.[0]?.Status).toBe(1);
    expect((await sdkFailure(client.ManualBackupInstance({ InstanceId: SESSIONS }))).code).toBe(
      'ResourceUnavailable.InstanceLockedError',
    );
    clock.advance(3000);
    expect((await client.DescribeInstances({ InstanceId: SESSIONS })).InstanceSet?.[0]?.Status).toBe(2);
    expect((await client.ManualBackupInstance({ InstanceId: SESSIONS })).TaskId).toEqual(expect.any(Number));
  });

  it('ends a failed task as failed with its TaskMessage, and drops the backup', async () => {
    sim.setScenario(withInstance(SESSIONS, { backupOutcome: 'failed', backupTaskMessage: 'disk full on the replica' }));
    const { TaskId } = await client.ManualBackupInstance({ InstanceId: SESSIONS, Remark: 'doomed' });
    clock.advance(3000);
    expect(await client.DescribeTaskInfo({ TaskId: TaskId as number })).toMatchObject({
      Status: 'failed',
      TaskMessage: 'disk full on the replica',
    });
    expect((await backupsOf(SESSIONS, [1, 2, -1])).filter((backup) => backup.Remark === 'doomed')).toEqual([]);
  });

  it('ends an erroring task as error with a TaskMessage', async () => {
    sim.setScenario(withInstance(SESSIONS, { backupOutcome: 'error' }));
    const { TaskId } = await client.ManualBackupInstance({ InstanceId: SESSIONS });
    clock.advance(3000);
    const task = await client.DescribeTaskInfo({ TaskId: TaskId as number });
    expect(task.Status).toBe('error');
    expect(task.TaskMessage).not.toBe('');
  });

  it('expires the backup (-1) after its StorageDays', async () => {
    const { TaskId } = await client.ManualBackupInstance({
      InstanceId: SESSIONS,
      Remark: 'short-lived',
      StorageDays: 2,
    });
    clock.advance(3000);
    expect(await statusOfTask(TaskId as number)).toBe('succeed');
    const [made] = (await backupsOf(SESSIONS)).filter((backup) => backup.Remark === 'short-lived');
    expect(made?.ExpireTime).toBe(
      new Date(clock.now() - 3000 + 2 * DAY + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
    );
    clock.advance(2 * DAY - 3001);
    expect((await backupsOf(SESSIONS)).some((backup) => backup.Remark === 'short-lived')).toBe(true);
    clock.advance(1);
    expect((await backupsOf(SESSIONS)).some((backup) => backup.Remark === 'short-lived')).toBe(false);
    expect((await backupsOf(SESSIONS, [-1])).find((backup) => backup.Remark === 'short-lived')?.Status).toBe(-1);
    expect(
      (await sdkFailure(client.DescribeBackupUrl({ InstanceId: SESSIONS, BackupId: made?.BackupId ?? '' }))).code,
    ).toBe('ResourceUnavailable.BackupStatusInvalid');
  });

  it("expires a scenario backup that sets storageDays, and keeps one that does not (so the demo doesn't rot)", async () => {
    const [exportable] = SCENARIO.instances.filter((instance) => instance.redisId === SESSIONS);
    sim.setScenario(
      withInstance(SESSIONS, {
        backups: (exportable?.backups ?? []).map((backup) =>
          backup.backupId === DEMO_IDS.masterReplicaBackupId ? { ...backup, storageDays: 1 } : backup,
        ),
      }),
    );
    // The backup started at 04:00 Beijing on 2026-11-28: a day later it is gone; others never expire.
    const now = clock.now();
    try {
      clock.set(Date.UTC(2026, 10, 28, 20, 0, 0));
      const expired = (await backupsOf(SESSIONS, [2, -1])).find((b) => b.BackupId === DEMO_IDS.masterReplicaBackupId);
      expect(expired?.Status).toBe(-1);
      clock.set(Date.UTC(2027, 10, 28, 20, 0, 0));
      expect((await backupsOf(ORDERS)).some((b) => b.BackupId === DEMO_IDS.exportableBackupId)).toBe(true);
    } finally {
      clock.set(now);
    }
  });

  it('answers InstanceLockedError for an instance in a flow, InstanceStatusAbnormal for an isolated one', async () => {
    sim.setScenario(withInstance(SESSIONS, { status: 1 }));
    expect((await sdkFailure(client.ManualBackupInstance({ InstanceId: SESSIONS }))).code).toBe(
      'ResourceUnavailable.InstanceLockedError',
    );
    sim.setScenario(withInstance(SESSIONS, { status: -2 }));
    expect((await sdkFailure(client.ManualBackupInstance({ InstanceId: SESSIONS }))).code).toBe(
      'ResourceUnavailable.InstanceStatusAbnormal',
    );
    expect((await sdkFailure(client.ManualBackupInstance({ InstanceId: 'crs-nothere' }))).code).toBe(
      'ResourceNotFound.InstanceNotExists',
    );
  });

  it('sends TaskId as a string when the scenario says so', async () => {
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, taskIdAsString: true } });
    expect((await client.ManualBackupInstance({ InstanceId: SESSIONS })).TaskId).toEqual(
      expect.stringMatching(/^\d+$/),
    );
  });
});

describe('DescribeBackupUrl and the conversion of cluster backups', () => {
  const exportable = { InstanceId: ORDERS, BackupId: DEMO_IDS.exportableBackupId };

  it('converts on the first call (2 -> 3, BackupStatusInvalid), then gives one file per shard once it is 4', async () => {
    expect((await sdkFailure(client.DescribeBackupUrl(exportable))).code).toBe(
      'ResourceUnavailable.BackupStatusInvalid',
    );
    const status = async (): Promise<number | undefined> =>
      (await backupsOf(ORDERS, [2, 3, 4])).find((backup) => backup.BackupId === DEMO_IDS.exportableBackupId)?.Status;
    expect(await status()).toBe(3);
    clock.advance(2999);
    expect((await sdkFailure(client.DescribeBackupUrl(exportable))).code).toBe(
      'ResourceUnavailable.BackupStatusInvalid',
    );
    clock.advance(1);
    expect(await status()).toBe(4);
    const answer = await client.DescribeBackupUrl(exportable);
    const detail = await client.DescribeBackupDetail(exportable);
    expect(answer.BackupInfos).toHaveLength(detail.ShardNum ?? 0);
    expect(answer.BackupInfos?.map((info) => info.FileName?.match(/-ignore-(\d+)-ignore\.rdb$/)?.[1])).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(answer.BackupInfos?.reduce((sum, info) => sum + (info.FileSize ?? 0), 0)).toBe(65536);
  });

  it('gives an already converted backup (4) its URLs at once', async () => {
    const answer = await client.DescribeBackupUrl({ InstanceId: ORDERS, BackupId: DEMO_IDS.exportedBackupId });
    expect(answer.BackupInfos).toHaveLength(3);
  });

  it('answers an empty BackupInfos, or FileSize 0, while converting, when the scenario says so', async () => {
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, convertingAnswer: 'emptyBackupInfos' } });
    expect(await client.DescribeBackupUrl(exportable)).toMatchObject({
      BackupInfos: [],
      DownloadUrl: [],
      Filenames: [],
    });
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, convertingAnswer: 'zeroFileSize' } });
    const zero = await client.DescribeBackupUrl(exportable);
    expect(zero.BackupInfos?.map((info) => info.FileSize)).toEqual([0, 0, 0]);
    // The objects are not in COS yet.
    expect((await fetch(zero.BackupInfos?.[0]?.DownloadUrl ?? '')).status).toBe(404);
    clock.advance(3000);
    const ready = await client.DescribeBackupUrl(exportable);
    expect(ready.BackupInfos?.every((info) => (info.FileSize ?? 0) > 0)).toBe(true);
    expect((await fetch(ready.BackupInfos?.[0]?.DownloadUrl ?? '')).status).toBe(200);
  });

  it('starts a failed conversion again on the next call', async () => {
    const failing = { InstanceId: ORDERS, BackupId: DEMO_IDS.exportFailsBackupId };
    await sdkFailure(client.DescribeBackupUrl(failing));
    clock.advance(3000);
    expect((await backupsOf(ORDERS)).some((backup) => backup.BackupId === DEMO_IDS.exportFailsBackupId)).toBe(true);
    expect((await sdkFailure(client.DescribeBackupUrl(failing))).code).toBe('ResourceUnavailable.BackupStatusInvalid');
    expect((await backupsOf(ORDERS, [3])).map((backup) => backup.BackupId)).toContain(DEMO_IDS.exportFailsBackupId);
  });

  it('gives cluster URLs at once with clusterConversion none', async () => {
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, clusterConversion: 'none' } });
    expect((await client.DescribeBackupUrl(exportable)).BackupInfos).toHaveLength(3);
  });

  it('answers only the deprecated arrays in the old shape, and fewer files than shards when told to', async () => {
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, backupUrlShape: 'deprecatedOnly' } });
    const old = await client.DescribeBackupUrl({ InstanceId: ORDERS, BackupId: DEMO_IDS.exportedBackupId });
    expect(old.BackupInfos).toBeUndefined();
    expect(old.DownloadUrl).toHaveLength(3);
    expect(old.Filenames).toHaveLength(3);
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, missingBackupInfos: 1 } });
    const short = await client.DescribeBackupUrl({ InstanceId: ORDERS, BackupId: DEMO_IDS.exportedBackupId });
    expect(short.BackupInfos).toHaveLength(2);
    expect(short.DownloadUrl).toHaveLength(2);
  });

  it('refuses a locked (in progress) or expired backup with BackupStatusInvalid', async () => {
    for (const BackupId of [DEMO_IDS.lockedBackupId, DEMO_IDS.expiredBackupId])
      expect((await sdkFailure(client.DescribeBackupUrl({ InstanceId: ORDERS, BackupId }))).code).toBe(
        'ResourceUnavailable.BackupStatusInvalid',
      );
  });
});

describe('rate limits', () => {
  it('answers RequestLimitExceeded past 20 DescribeBackupUrl calls in a second, per account and action', async () => {
    const wall = new ManualClock(Date.now());
    const limited = await startCrsSimulator({
      clock,
      authClock: wall,
      scenario: {
        ...DEMO_SCENARIO,
        credentials: [
          ...DEMO_SCENARIO.credentials,
          { secretId: 'AKIDotheraccount', secretKey: 'other-key', uin: '200000000002' },
        ],
      },
    });
    const limitedClient = sdkClient(limited.port);
    const exported = { InstanceId: ORDERS, BackupId: DEMO_IDS.exportedBackupId };
    try {
      for (let i = 0; i < 20; i++) await limitedClient.DescribeBackupUrl(exported);
      expect((await sdkFailure(limitedClient.DescribeBackupUrl(exported))).code).toBe('RequestLimitExceeded');
      // Another action, and another account, have budgets of their own.
      expect((await limitedClient.DescribeInstances({})).TotalCount).toBe(3);
      const other = sdkClient(limited.port, { secretId: 'AKIDotheraccount', secretKey: 'other-key' });
      expect((await other.DescribeBackupUrl(exported)).BackupInfos).toHaveLength(3);
      wall.advance(1000);
      expect((await limitedClient.DescribeBackupUrl(exported)).BackupInfos).toHaveLength(3);
      const refused = limited
        .calls({ action: 'DescribeBackupUrl' })
        .filter((call) => call.code === 'RequestLimitExceeded');
      expect(refused).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it('allows 35 DescribeInstances and 50 DescribeInstanceBackups a second, and takes limits from the scenario', async () => {
    const wall = new ManualClock(Date.now());
    const limited = await startCrsSimulator({ clock, authClock: wall });
    const limitedClient = sdkClient(limited.port);
    try {
      for (let i = 0; i < 35; i++) await limitedClient.DescribeInstances({});
      expect((await sdkFailure(limitedClient.DescribeInstances({}))).code).toBe('RequestLimitExceeded');
      for (let i = 0; i < 50; i++) await limitedClient.DescribeInstanceBackups({ InstanceId: ORDERS });
      expect((await sdkFailure(limitedClient.DescribeInstanceBackups({ InstanceId: ORDERS }))).code).toBe(
        'RequestLimitExceeded',
      );
      limited.setScenario({ ...DEMO_SCENARIO, v3: { rateLimits: { DescribeTaskInfo: 2 } } });
      wall.advance(1000);
      const { TaskId } = await limitedClient.ManualBackupInstance({ InstanceId: SESSIONS });
      await limitedClient.DescribeTaskInfo({ TaskId: TaskId as number });
      await limitedClient.DescribeTaskInfo({ TaskId: TaskId as number });
      expect((await sdkFailure(limitedClient.DescribeTaskInfo({ TaskId: TaskId as number }))).code).toBe(
        'RequestLimitExceeded',
      );
    } finally {
      await limited.close();
    }
  });
});
