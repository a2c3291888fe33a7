// Tencent's own SDK (tencentcloud-sdk-nodejs 4.1.313) against the 3.0 simulator: every action over POST
// and GET with the documented fields and types, a temporary credential, and what the gateway refuses
// (a changed body byte, a 6-minute-old timestamp, an unknown SecretId, a wrong version, bad parameters).
import { DEMO_SECRET_ID } from '@crs-export/config';
import { V3_ERROR_CODES } from '@crs-export/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_IDS,
  DEMO_SCENARIO,
  ManualClock,
  startCrsSimulator,
  V3_SIMULATOR_CODES,
  type CrsSimulator,
  type Scenario,
} from '../src';
import { captureRequest, closeAgents, replay, sdkClient, sdkFailure, type RedisClient } from './v3-sdk';

const ORDERS = DEMO_IDS.clusterRedisId;
const SESSIONS = DEMO_IDS.masterReplicaRedisId;
const TEMPORARY = {
  secretId: 'AKIDtemporarycrsexport000000000000',
  secretKey: 'temporary-secret-key',
  token: 'session-token-1',
};
const SCENARIO: Scenario = {
  ...DEMO_SCENARIO,
  credentials: [...DEMO_SCENARIO.credentials, TEMPORARY],
  // Rate limits have tests of their own, on a clock of their own.
  v3: { rateLimits: false },
};

const clock = new ManualClock();
let sim: CrsSimulator;
let post: RedisClient;
let get: RedisClient;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock, scenario: SCENARIO });
  post = sdkClient(sim.port);
  get = sdkClient(sim.port, { reqMethod: 'GET' });
});
afterAll(async () => {
  closeAgents();
  await sim.close();
});
beforeEach(() => {
  sim.setScenario(SCENARIO);
  sim.reset();
});

describe.each([
  ['POST', () => post],
  ['GET', () => get],
] as const)('DescribeInstances over %s', (_method, client) => {
  it('shows the 3-shard Redis 7.0 cluster with the fields of both its descriptions', async () => {
    const answer = await client().DescribeInstances({ InstanceIds: [ORDERS] });
    expect(answer.TotalCount).toBe(1);
    expect(answer.RequestId).toEqual(expect.any(String));
    expect(answer.InstanceSet?.[0]).toMatchObject({
      InstanceId: ORDERS,
      InstanceName: 'orders',
      Status: 2,
      Type: 18,
      ProductType: 'cluster',
      RedisShardNum: 3,
      RedisReplicasNum: 1,
      RedisShardSize: 1024,
      Size: 3072,
      Engine: 'Redis',
      CurrentRedisVersion: '7.0.15',
      Region: 'ap-guangzhou',
      RegionId: 1,
      ProductVersion: 'local',
    });
  });

  it('shows the standard Redis 6.2 instance as Type 15, standalone, one shard', async () => {
    const answer = await client().DescribeInstances({ InstanceId: SESSIONS });
    expect(answer.InstanceSet).toEqual([
      expect.objectContaining({ Type: 15, ProductType: 'standalone', RedisShardNum: 1, CurrentRedisVersion: '6.2.14' }),
    ]);
  });

  it("lists the region's instances only, newest first, paged by Limit and Offset", async () => {
    const first = await client().DescribeInstances({ Limit: 2, Offset: 0 });
    const second = await client().DescribeInstances({ Limit: 2, Offset: 2 });
    expect(first.TotalCount).toBe(3);
    const ids = [...(first.InstanceSet ?? []), ...(second.InstanceSet ?? [])].map((instance) => instance.InstanceId);
    expect(ids).toEqual([DEMO_IDS.manyBackupsRedisId, SESSIONS, ORDERS]);
    expect((await client().DescribeInstances({ Status: [-2] })).TotalCount).toBe(0);
    expect((await client().DescribeInstances({ TypeVersion: 3 })).TotalCount).toBe(2);
  });
});

describe('the other actions, with the SDK', () => {
  it('DescribeInstanceBackups: string BackupType, Locked, FileType, and the default Status filter [2]', async () => {
    const normal = await post.DescribeInstanceBackups({ InstanceId: ORDERS, Limit: 100 });
    expect(normal.BackupSet?.every((backup) => backup.Status === 2)).toBe(true);
    const all = await get.DescribeInstanceBackups({ InstanceId: ORDERS, Limit: 100, Status: [1, 2, 3, 4, -1] });
    expect(new Set(all.BackupSet?.map((backup) => backup.Status))).toEqual(new Set([1, 2, 3, 4, -1]));
    expect(all.BackupSet?.find((backup) => backup.BackupId === DEMO_IDS.lockedBackupId)).toMatchObject({
      Status: 1,
      Locked: 1,
      BackupType: '0',
      InstanceId: ORDERS,
      Region: 'ap-guangzhou',
      FileType: 'RDB-Redis 7.0',
      Encrypted: false,
      BackupSize: 65536,
    });
    // Newest first.
    const starts = all.BackupSet?.map((backup) => backup.StartTime ?? '') ?? [];
    expect([...starts].sort().reverse()).toEqual(starts);
  });

  it('DescribeInstanceBackups pages 25 backups, filters by start time, and refuses a span over 30 days', async () => {
    const pages = [];
    for (const Offset of [0, 10, 20]) {
      const page = await post.DescribeInstanceBackups({ InstanceId: DEMO_IDS.manyBackupsRedisId, Limit: 10, Offset });
      expect(page.TotalCount).toBe(25);
      pages.push(...(page.BackupSet ?? []));
    }
    expect(new Set(pages.map((backup) => backup.BackupId)).size).toBe(25);
    const window = await post.DescribeInstanceBackups({
      InstanceId: ORDERS,
      BeginTime: '2026-11-25 00:00:00',
      EndTime: '2026-11-26 23:59:59',
      Status: [1, 2, 3],
    });
    expect(window.BackupSet?.map((backup) => backup.BackupId)).toEqual([
      DEMO_IDS.exportingBackupId,
      DEMO_IDS.lockedBackupId,
    ]);
    const tooLong = await sdkFailure(
      post.DescribeInstanceBackups({
        InstanceId: ORDERS,
        BeginTime: '2026-10-01 00:00:00',
        EndTime: '2026-11-28 00:00:00',
      }),
    );
    expect(tooLong.code).toBe('InvalidParameter.InvalidParameter');
    expect((await sdkFailure(post.DescribeInstanceBackups({ InstanceId: ORDERS, Limit: 101 }))).code).toBe(
      'InvalidParameter.InvalidParameter',
    );
    expect((await sdkFailure(post.DescribeInstanceBackups({ InstanceId: 'crs-nothere' }))).code).toBe(
      'ResourceNotFound.InstanceNotExists',
    );
  });

  it('DescribeBackupDetail: ShardNum, MemSize, ReplicasNum, and an encrypted backup with its DecryptKey', async () => {
    expect(
      await post.DescribeBackupDetail({ InstanceId: ORDERS, BackupId: DEMO_IDS.exportableBackupId }),
    ).toMatchObject({
      BackupId: DEMO_IDS.exportableBackupId,
      ShardNum: 3,
      MemSize: 1024,
      ReplicasNum: 1,
      InstanceType: 18,
      BackupSize: 65536,
      Encrypted: false,
      DecryptKey: '',
    });
    const encrypted = await get.DescribeBackupDetail({ InstanceId: ORDERS, BackupId: DEMO_IDS.encryptedBackupId });
    expect(encrypted).toMatchObject({ Encrypted: true, KeyAlgorithm: 'AES-256-CBC', KmsKeyId: expect.any(String) });
    expect(Buffer.from(encrypted.DecryptKey ?? '', 'base64')).toHaveLength(32);
    const missing = await sdkFailure(post.DescribeBackupDetail({ InstanceId: ORDERS, BackupId: 'nope' }));
    expect(missing).toMatchObject({ code: 'InvalidParameterValue.BackupNotExists', requestId: expect.any(String) });
  });

  it('ManualBackupInstance answers an integer TaskId; DescribeTaskInfo a string status, over GET too', async () => {
    const { TaskId } = await post.ManualBackupInstance({ InstanceId: SESSIONS, Remark: 'drill', StorageDays: 3 });
    expect(TaskId).toEqual(expect.any(Number));
    const task = await get.DescribeTaskInfo({ TaskId: TaskId as number });
    expect(task).toMatchObject({ Status: 'preparing', InstanceId: SESSIONS, TaskType: '备份实例', TaskMessage: '' });
    expect(task.StartTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await sdkFailure(post.DescribeTaskInfo({ TaskId: 1 }))).code).toBe('InvalidParameter.InvalidParameter');
  });

  it('ManualBackupInstance over GET keeps a UTF-8 remark; DescribeTaskInfo over POST', async () => {
    const { TaskId } = await get.ManualBackupInstance({
      InstanceId: ORDERS,
      Remark: '手动备份 before export',
      StorageDays: 7,
    });
    expect((await post.DescribeTaskInfo({ TaskId: TaskId as number })).Status).toBe('preparing');
    const inProgress = await post.DescribeInstanceBackups({ InstanceId: ORDERS, Status: [1], Limit: 100 });
    expect(inProgress.BackupSet?.map((backup) => backup.Remark)).toContain('手动备份 before export');
  });

  it('DescribeBackupUrl gives a standard backup one file at once, in BackupInfos and the deprecated arrays', async () => {
    const answer = await post.DescribeBackupUrl({ InstanceId: SESSIONS, BackupId: DEMO_IDS.masterReplicaBackupId });
    expect(answer.BackupInfos).toHaveLength(1);
    const [info] = answer.BackupInfos ?? [];
    expect(info?.FileSize).toBeGreaterThan(0);
    expect(info?.FileName).toMatch(/^\d+-\d+-redis-server-6\.2\.14-\d+-ignore-1-ignore\.rdb$/);
    expect(info?.DownloadUrl).toMatch(
      new RegExp(`^${sim.url}/\\d+/redis/\\d+/data/2026-11-28/-${info?.FileName}\\?sign=q-sign-algorithm%3Dsha1%26`),
    );
    expect(answer.DownloadUrl).toEqual([info?.DownloadUrl]);
    expect(answer.InnerDownloadUrl).toEqual([info?.InnerDownloadUrl]);
    expect(answer.Filenames).toEqual([info?.FileName]);
    const response = await fetch(info?.DownloadUrl ?? '');
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(info?.FileSize);
    expect(
      (await get.DescribeBackupUrl({ InstanceId: SESSIONS, BackupId: DEMO_IDS.masterReplicaBackupId })).BackupInfos,
    ).toHaveLength(1);
  });

  it('Describe/ModifyBackupDownloadRestriction: NoLimit until set, then what was set (POST and GET)', async () => {
    expect(await post.DescribeBackupDownloadRestriction()).toMatchObject({
      LimitType: 'NoLimit',
      LimitVpc: [],
      LimitIp: [],
    });
    await get.ModifyBackupDownloadRestriction({
      LimitType: 'Customize',
      VpcComparisonSymbol: 'In',
      IpComparisonSymbol: 'NotIn',
      LimitVpc: [{ Region: 'ap-guangzhou', VpcList: ['vpc-5og4fwm9', 'vpc-03dsikyx'] }],
      LimitIp: ['10.1.0.13'],
    });
    expect(await get.DescribeBackupDownloadRestriction()).toMatchObject({
      LimitType: 'Customize',
      IpComparisonSymbol: 'NotIn',
      LimitVpc: [{ Region: 'ap-guangzhou', VpcList: ['vpc-5og4fwm9', 'vpc-03dsikyx'] }],
      LimitIp: ['10.1.0.13'],
    });
    expect((await sdkFailure(post.ModifyBackupDownloadRestriction({ LimitType: 'Customize' }))).code).toBe(
      'InvalidParameter.InvalidParameter',
    );
    expect((await sdkFailure(post.ModifyBackupDownloadRestriction({ LimitType: 'Everywhere' }))).code).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('the gateway', () => {
  it('accepts a temporary credential with its token, and refuses it without or with another', async () => {
    const temporary = sdkClient(sim.port, TEMPORARY);
    expect((await temporary.DescribeInstances({})).TotalCount).toBe(3);
    const { token: _token, ...withoutToken } = TEMPORARY;
    expect((await sdkFailure(sdkClient(sim.port, withoutToken).DescribeInstances({}))).code).toBe(
      'AuthFailure.TokenFailure',
    );
    expect((await sdkFailure(sdkClient(sim.port, { ...TEMPORARY, token: 'other' }).DescribeInstances({}))).code).toBe(
      'AuthFailure.TokenFailure',
    );
  });

  it('refuses the same request with one body byte changed with AuthFailure.SignatureFailure', async () => {
    const captured = await captureRequest((client) => client.DescribeInstances({ InstanceId: ORDERS }));
    const intact = await replay(sim.port, captured);
    expect(intact).toMatchObject({ Response: { TotalCount: 1 } });
    const changed = Buffer.from(captured.body);
    changed[changed.indexOf('j30')] = 'k'.charCodeAt(0);
    expect(await replay(sim.port, captured, { body: changed })).toMatchObject({
      Response: { Error: { Code: 'AuthFailure.SignatureFailure' }, RequestId: expect.any(String) },
    });
  });

  it('refuses a timestamp 6 minutes old with AuthFailure.SignatureExpire', async () => {
    // The simulator's wall clock 6 minutes ahead of the SDK's.
    const ahead = await startCrsSimulator({ scenario: SCENARIO, authClock: { now: () => Date.now() + 6 * 60_000 } });
    try {
      const failure = await sdkFailure(sdkClient(ahead.port).DescribeInstances({}));
      expect(failure.code).toBe('AuthFailure.SignatureExpire');
    } finally {
      await ahead.close();
    }
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound, and a wrong key with SignatureFailure', async () => {
    expect((await sdkFailure(sdkClient(sim.port, { secretId: 'AKIDnobody' }).DescribeInstances({}))).code).toBe(
      'AuthFailure.SecretIdNotFound',
    );
    expect((await sdkFailure(sdkClient(sim.port, { secretKey: 'wrong' }).DescribeInstances({}))).code).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('answers InvalidAction, NoSuchVersion, MissingParameter, UnknownParameter, InvalidParameter and UnsupportedRegion', async () => {
    expect((await sdkFailure(post.request('ExportRedisBackup', {}))).code).toBe('InvalidAction');
    const captured = await captureRequest((client) => client.DescribeInstances({}));
    expect(await replay(sim.port, captured, { headers: { 'x-tc-version': '2017-03-12' } })).toMatchObject({
      Response: { Error: { Code: 'NoSuchVersion' } },
    });
    expect((await sdkFailure(post.request('DescribeBackupDetail', { InstanceId: ORDERS }))).code).toBe(
      'MissingParameter',
    );
    const unknown = await sdkFailure(post.request('DescribeInstances', { Bogus: 1 }));
    expect(unknown).toMatchObject({ code: 'UnknownParameter', message: expect.stringContaining('Bogus') });
    expect((await sdkFailure(post.request('DescribeInstances', { Limit: 'ten' }))).code).toBe('InvalidParameter');
    expect((await sdkFailure(get.request('DescribeInstances', { Limit: 'ten' }))).code).toBe('InvalidParameter');
    expect((await sdkFailure(post.request('DescribeBackupDownloadRestriction', { InstanceId: ORDERS }))).code).toBe(
      'UnknownParameter',
    );
    expect((await sdkFailure(sdkClient(sim.port, { region: 'gz' }).DescribeInstances({}))).code).toBe(
      'UnsupportedRegion',
    );
  });

  it('ignores unknown parameters when the scenario says so', async () => {
    sim.setScenario({ ...SCENARIO, v3: { ...SCENARIO.v3, unknownParameters: 'ignore' } });
    expect((await post.request('DescribeInstances', { Bogus: 1 })).TotalCount).toBe(3);
  });

  it('echoes X-TC-TraceId and puts the RequestId in every answer', async () => {
    const traced = sdkClient(sim.port, { headers: { 'X-TC-TraceId': 'trace-crs-export-1' } });
    const failure = await sdkFailure(traced.DescribeBackupDetail({ InstanceId: 'crs-nothere', BackupId: 'x' }));
    expect(failure).toMatchObject({ code: 'ResourceNotFound.InstanceNotExists', traceId: 'trace-crs-export-1' });
    expect(failure.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each 3.0 call: API, action, flattened parameters without secrets, string codes, wall time', async () => {
    await get.DescribeInstances({ InstanceIds: [ORDERS, SESSIONS], Limit: 5 });
    await sdkFailure(post.DescribeBackupDetail({ InstanceId: ORDERS, BackupId: 'nope' }));
    const calls = sim.calls({ api: 'v3' });
    expect(calls).toEqual([
      expect.objectContaining({
        api: 'v3',
        method: 'GET',
        action: 'DescribeInstances',
        region: 'ap-guangzhou',
        account: expect.any(String),
        params: { 'InstanceIds.0': ORDERS, 'InstanceIds.1': SESSIONS, Limit: '5' },
        code: 0,
        httpStatus: 200,
      }),
      expect.objectContaining({
        method: 'POST',
        action: 'DescribeBackupDetail',
        params: { InstanceId: ORDERS, BackupId: 'nope' },
        code: 'InvalidParameterValue.BackupNotExists',
      }),
    ]);
    expect(Date.parse(calls[0]?.wallTime ?? '')).toBeGreaterThan(0);
    expect(JSON.stringify(calls)).not.toContain(DEMO_SECRET_ID);
  });
});

describe('the code table', () => {
  it('has every code the simulator can answer (libs/contracts V3_ERROR_CODES)', () => {
    expect(V3_SIMULATOR_CODES.filter((code) => !Object.prototype.hasOwnProperty.call(V3_ERROR_CODES, code))).toEqual(
      [],
    );
  });
});
