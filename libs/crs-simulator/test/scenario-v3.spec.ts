// One scenario for both APIs: each instance described once, both APIs' fields derived from it (a v2-only
// description included), the new fields validated with every problem named; and the faults of v2 applied
// to 3.0 calls, with 3.0 string codes.
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_IDS,
  DEMO_SCENARIO,
  FaultConfigError,
  ManualClock,
  parseScenario,
  ScenarioError,
  startCrsSimulator,
  type CrsSimulator,
} from '../src';
import { call, ok } from './sim-call';
import { captureRequest, closeAgents, replay, sdkClient, sdkFailure, type RedisClient } from './v3-sdk';

const credentials = [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }];
const backup = { backupId: 'b1', status: 2, startTime: '2026-11-28 03:00:00' };

function problemsOf(input: unknown): string {
  try {
    parseScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

const clock = new ManualClock();
let sim: CrsSimulator;
let client: RedisClient;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock });
  client = sdkClient(sim.port);
});
afterAll(async () => {
  closeAgents();
  await sim.close();
});
beforeEach(() => {
  sim.setScenario({ ...DEMO_SCENARIO, v3: { rateLimits: false } });
  sim.reset();
});

describe('one description, both APIs', () => {
  it('derives a Redis 5.0 engine, 3 shards and the 3.0 fields from a v2-only description (DESIGN.md)', async () => {
    sim.setScenario({
      credentials,
      instances: [
        {
          redisId: 'crs-v2clus',
          redisName: 'v2 cluster',
          region: 'gz',
          regionId: 1,
          typeId: 1,
          status: 2,
          backups: [backup],
        },
        { redisId: 'crs-v2mast', redisName: 'v2 master-replica', region: 'ap-guangzhou', typeId: 2 },
      ],
    });
    const { InstanceSet } = await client.DescribeInstances({ OrderType: 0 });
    expect(InstanceSet).toEqual([
      expect.objectContaining({
        InstanceId: 'crs-v2clus',
        Type: 9,
        ProductType: 'cluster',
        RedisShardNum: 3,
        CurrentRedisVersion: '5.0.14',
      }),
      expect.objectContaining({
        InstanceId: 'crs-v2mast',
        Type: 8,
        ProductType: 'standalone',
        RedisShardNum: 1,
        Region: 'ap-guangzhou',
      }),
    ]);
    const v2 = await ok(sim, 'DescribeRedis', { limit: 10, offset: 0, orderType: 0 });
    expect(v2.data?.['redisSet']).toEqual([
      expect.objectContaining({ redisId: 'crs-v2clus', typeId: 1, regionId: 1, size: 3072 }),
      expect.objectContaining({ redisId: 'crs-v2mast', typeId: 2, regionId: 1, size: 1024 }),
    ]);
    const files = sim.files('crs-v2clus', 'b1');
    expect(files?.v2).toMatchObject({ rdbVersion: 9, rdbBytes: 65536 });
    expect(files?.v3.map((file) => file.rdbBytes)).toEqual([21846, 21845, 21845]);
  });

  it('derives v2 typeId from a 3.0 description (architecture, engine, shards, per-shard sizes)', async () => {
    sim.setScenario({
      credentials,
      instances: [
        {
          redisId: 'crs-v3clus',
          redisName: 'seven',
          region: 'ap-shanghai',
          architecture: 'cluster',
          engine: 'Redis 7.0',
          shardNum: 2,
          replicasNum: 2,
          shardSizeMb: 2048,
          backups: [{ ...backup, rdbBytes: [40_000, 60_000], backupType: 'systemBackupInstance' }],
        },
      ],
    });
    const v2 = await ok(sim, 'DescribeRedis', { limit: 10, offset: 0 }, { region: 'sh' });
    expect(v2.data?.['redisSet']).toEqual([expect.objectContaining({ typeId: 1, regionId: 4, size: 4096 })]);
    const shanghai = sdkClient(sim.port, { region: 'ap-shanghai' });
    expect((await shanghai.DescribeInstances({})).InstanceSet?.[0]).toMatchObject({
      Type: 18,
      RedisShardNum: 2,
      RedisReplicasNum: 2,
      RedisShardSize: 2048,
      Size: 4096,
    });
    expect((await shanghai.DescribeInstanceBackups({ InstanceId: 'crs-v3clus' })).BackupSet?.[0]).toMatchObject({
      BackupType: '1',
      BackupSize: 100_000,
      FileType: 'RDB-Redis 7.0',
    });
    expect(sim.files('crs-v3clus', 'b1')?.v3.map((file) => file.rdbBytes)).toEqual([40_000, 60_000]);
  });

  it('names every problem of the new fields at once', () => {
    const problems = problemsOf({
      credentials: [{ secretId: 'a', secretKey: 'b', uin: 'root' }],
      v3: { convertingAnswer: 'maybe', rateLimits: { ExportRedisBackup: 5 }, bogus: true },
      instances: [
        { redisId: 'crs-a', redisName: 'a', region: 'gz', typeId: 1, engine: 'Redis 9.9' },
        { redisId: 'crs-b', redisName: 'b', region: 'gz', typeId: 1, engine: 'Redis 2.8' },
        { redisId: 'crs-c', redisName: 'c', region: 'gz', typeId: 2, shardNum: 3 },
        { redisId: 'crs-d', redisName: 'd', region: 'gz', typeId: 1, architecture: 'standard' },
        { redisId: 'crs-e', redisName: 'e', region: 'gz', typeId: 1, backups: [{ ...backup, rdbBytes: [1000, 1000] }] },
        { redisId: 'crs-f', redisName: 'f', region: 'gz' },
        { redisId: 'crs-g', redisName: 'g', region: 'gz', typeId: 1, backups: [{ ...backup, rdbBytes: 1000 }] },
      ],
    });
    for (const fragment of [
      'credentials[0].uin',
      'v3.convertingAnswer: expected one of',
      'v3.rateLimits',
      'v3.bogus: unknown field',
      'instances[0].engine: expected one of "Redis 2.8"',
      'instances[1].engine: Redis 2.8 has no cluster edition',
      'instances[2].shardNum: a standard instance has 1 shard',
      'instances[3].architecture: standard does not match typeId 1',
      'instances[4].backups[0].rdbBytes: expected 3 sizes, one per shard, got 2',
      'instances[5].typeId: expected 1 (cluster) or 2 (master-replica), or an architecture',
      'instances[6].backups[0].rdbBytes: 1000 bytes over 3 shards is less than 512 per file',
    ])
      expect(problems).toContain(fragment);
  });
});

describe('faults on 3.0 calls', () => {
  it('answers errorCodes in each generation: 3.0 strings to 3.0 calls, v2 numbers to v2 calls', async () => {
    sim.setFaults({
      ManualBackupInstance: { errorRate: 1, errorCodes: ['ResourceUnavailable.InstanceLockedError', 10707] },
    });
    const failure = await sdkFailure(client.ManualBackupInstance({ InstanceId: DEMO_IDS.masterReplicaRedisId }));
    expect(failure).toMatchObject({
      code: 'ResourceUnavailable.InstanceLockedError',
      message: expect.stringContaining('injected'),
    });
    expect((await call(sim, 'ManualBackupInstance', { redisId: DEMO_IDS.masterReplicaRedisId })).body.code).toBe(10707);
    sim.setFaults({ '*': { errorRate: 1, errorCodes: [6000] } });
    expect((await sdkFailure(client.DescribeInstances({}))).code).toBe('InternalError');
    expect(sim.calls({ api: 'v3' }).map((record) => [record.fault, record.code])).toEqual([
      ['error', 'ResourceUnavailable.InstanceLockedError'],
      ['error', 'InternalError'],
    ]);
  });

  it('answers an HTTP error with a gateway page, which the SDK reports as httpCode', async () => {
    sim.setFaults({ DescribeBackupUrl: { httpErrorRate: 1, httpStatuses: [504] } });
    const failure = await sdkFailure(
      client.DescribeBackupUrl({ InstanceId: DEMO_IDS.clusterRedisId, BackupId: DEMO_IDS.exportedBackupId }),
    );
    expect(failure.httpCode).toBe(504);
    expect(sim.calls({ api: 'v3' })[0]).toMatchObject({ fault: 'httpError', httpStatus: 504, code: null });
  });

  it('does the call and drops the connection for dropResponseRate: the backup exists, the SDK saw nothing', async () => {
    sim.setFaults({ ManualBackupInstance: { dropResponseRate: 1 } });
    await sdkFailure(client.ManualBackupInstance({ InstanceId: DEMO_IDS.masterReplicaRedisId, Remark: 'lost answer' }));
    sim.setFaults({});
    const backups = await client.DescribeInstanceBackups({ InstanceId: DEMO_IDS.masterReplicaRedisId, Status: [1] });
    expect(backups.BackupSet?.map((item) => item.Remark)).toEqual(['lost answer']);
    expect(sim.calls({ api: 'v3', action: 'ManualBackupInstance' })[0]).toMatchObject({
      fault: 'dropResponse',
      code: 0,
    });
  });

  it('never answers a timeoutRate call, and closes the socket after the hold time', async () => {
    const held = await startCrsSimulator({ timeoutHoldMs: 300, faults: { DescribeInstances: { timeoutRate: 1 } } });
    try {
      const captured = await captureRequest((any) => any.DescribeInstances({}));
      await expect(replay(held.port, captured)).rejects.toThrow();
      expect(held.calls({ api: 'v3' })).toEqual([
        expect.objectContaining({ action: 'DescribeInstances', fault: 'timeout', code: null, httpStatus: null }),
      ]);
    } finally {
      await held.close();
    }
  });

  it('refuses a fault code that is neither a v2 number nor a 3.0 code', () => {
    expect(() => sim.setFaults({ '*': { errorRate: 1, errorCodes: ['not a code'] } })).toThrow(FaultConfigError);
  });
});
