// The actions over the demo scenario: listing and paging, region isolation, the export and task state
// machines on a controlled clock, download URLs, and every documented error in both error shapes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO, ManualClock, startCrsSimulator, type CrsSimulator, type Scenario } from '../src';
import { call, ok } from './sim-call';

const ORDERS = DEMO_IDS.clusterRedisId;
const clock = new ManualClock();
let sim: CrsSimulator;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock, scenario: DEMO_SCENARIO });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setScenario(DEMO_SCENARIO);
  sim.reset();
});

async function backupStatus(redisId: string, backupId: string, region = 'gz'): Promise<number> {
  const body = await ok(sim, 'GetRedisBackupList', { redisId, limit: 100, offset: 0 }, { region });
  const backups = body.data?.['redisBackupSet'] as Array<{ backupId: string; status: number }>;
  const backup = backups.find((candidate) => candidate.backupId === backupId);
  if (!backup) throw new Error(`no backup ${backupId}`);
  return backup.status;
}

async function taskStatus(requestId: number): Promise<number> {
  return (await ok(sim, 'DescribeTaskInfo', { requestId })).data?.['status'] as number;
}

describe('DescribeRedis', () => {
  it('lists the instances of the request region only, with totalCount at the top level', async () => {
    const gz = await ok(sim, 'DescribeRedis', { limit: 100, offset: 0 });
    expect(gz.totalCount).toBe(3);
    const ids = (gz.data?.['redisSet'] as Array<{ redisId: string; regionId: number }>).map(
      (instance) => instance.redisId,
    );
    expect(ids).toEqual(expect.arrayContaining([ORDERS, DEMO_IDS.masterReplicaRedisId]));
    expect(ids).not.toContain(DEMO_IDS.shanghaiRedisId);
    const sh = await ok(sim, 'DescribeRedis', { limit: 100, offset: 0 }, { region: 'sh' });
    expect(sh.data?.['redisSet']).toEqual([
      expect.objectContaining({ redisId: DEMO_IDS.shanghaiRedisId, regionId: 4, typeId: 1 }),
    ]);
  });

  it('filters by redisId and reports typeId', async () => {
    const body = await ok(sim, 'DescribeRedis', { redisId: DEMO_IDS.masterReplicaRedisId, limit: 10, offset: 0 });
    expect(body.totalCount).toBe(1);
    expect(body.data?.['redisSet']).toEqual([
      expect.objectContaining({ redisId: DEMO_IDS.masterReplicaRedisId, typeId: 2, status: 2 }),
    ]);
  });

  it('pages with limit and a row offset', async () => {
    const first = await ok(sim, 'DescribeRedis', { limit: 2, offset: 0 });
    const second = await ok(sim, 'DescribeRedis', { limit: 2, offset: 2 });
    const ids = [
      ...(first.data?.['redisSet'] as Array<{ redisId: string }>),
      ...(second.data?.['redisSet'] as Array<{ redisId: string }>),
    ].map((i) => i.redisId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(second.totalCount).toBe(3);
  });

  it('answers 11201 for a malformed limit', async () => {
    expect((await call(sim, 'DescribeRedis', { limit: 'ten' })).body).toMatchObject({
      code: 11201,
      codeDesc: 'InvalidParameter',
    });
    expect((await call(sim, 'DescribeRedis', { limit: 101 })).body.code).toBe(11201);
  });
});

describe('GetRedisBackupList', () => {
  it('pages 25 backups by limit and offset', async () => {
    const pages = [];
    for (const offset of [0, 10, 20]) {
      const body = await ok(sim, 'GetRedisBackupList', { redisId: DEMO_IDS.manyBackupsRedisId, limit: 10, offset });
      expect(body.totalCount).toBe(25);
      pages.push(...(body.data?.['redisBackupSet'] as Array<{ backupId: string }>));
    }
    expect(pages).toHaveLength(25);
    expect(new Set(pages.map((backup) => backup.backupId)).size).toBe(25);
  });

  it('filters by start time and shows locked for status 1', async () => {
    const body = await ok(sim, 'GetRedisBackupList', {
      redisId: ORDERS,
      limit: 20,
      offset: 0,
      beginTime: '2026-11-25 00:00:00',
      endTime: '2026-11-26 23:59:59',
    });
    expect(body.data?.['redisBackupSet']).toEqual([
      expect.objectContaining({ backupId: DEMO_IDS.exportingBackupId, status: 3, locked: 0 }),
      expect.objectContaining({ backupId: DEMO_IDS.lockedBackupId, status: 1, locked: 1 }),
    ]);
    expect((await call(sim, 'GetRedisBackupList', { redisId: ORDERS, beginTime: 'yesterday' })).body.code).toBe(11201);
  });

  it('answers 11201 without redisId and 10701 for an instance of another region', async () => {
    expect((await call(sim, 'GetRedisBackupList', { limit: 10, offset: 0 })).body).toMatchObject({
      code: 11201,
      message: '(redisId) is required',
    });
    expect((await call(sim, 'GetRedisBackupList', { redisId: DEMO_IDS.shanghaiRedisId })).body.code).toBe(10701);
    expect(
      (await call(sim, 'GetRedisBackupList', { redisId: DEMO_IDS.shanghaiRedisId }, { region: 'sh' })).body.code,
    ).toBe(0);
  });
});

describe('export and task state machines', () => {
  it('moves backup 2 -> 3 -> 4 and task 0 -> 1 -> 2 over the export duration', async () => {
    const backupId = DEMO_IDS.exportableBackupId;
    const exported = await ok(sim, 'ExportRedisBackup', { redisId: ORDERS, backupId });
    const requestId = exported.data?.['requestId'] as number;
    expect(requestId).toEqual(expect.any(Number));
    expect(await taskStatus(requestId)).toBe(0);
    expect(await backupStatus(ORDERS, backupId)).toBe(3);
    clock.advance(300);
    expect(await taskStatus(requestId)).toBe(1);
    clock.advance(2699);
    expect(await taskStatus(requestId)).toBe(1);
    expect(await backupStatus(ORDERS, backupId)).toBe(3);
    clock.advance(1);
    expect(await backupStatus(ORDERS, backupId)).toBe(4);
    expect(await taskStatus(requestId)).toBe(2);
    expect((await call(sim, 'ExportRedisBackup', { redisId: ORDERS, backupId })).body).toMatchObject({
      code: 10711,
      codeDesc: 'BackupStatusInvalid',
    });
  });

  it.each([
    ['failed', DEMO_IDS.exportFailsBackupId, 3],
    ['error', DEMO_IDS.exportErrorsBackupId, -1],
  ])('ends a %s export with task status %i and the backup back in 2', async (_outcome, backupId, finalStatus) => {
    const requestId = (await ok(sim, 'ExportRedisBackup', { redisId: ORDERS, backupId })).data?.['requestId'] as number;
    clock.advance(3000);
    expect(await taskStatus(requestId)).toBe(finalStatus);
    expect(await backupStatus(ORDERS, backupId)).toBe(2);
    expect((await call(sim, 'GetBackupDownloadUrl', { redisId: ORDERS, backupId })).body.code).toBe(10711);
  });

  it("takes the backup's exportDurationMs over the scenario's", async () => {
    const requestId = (await ok(sim, 'ExportRedisBackup', { redisId: ORDERS, backupId: DEMO_IDS.largeBackupId }))
      .data?.['requestId'] as number;
    clock.advance(9999);
    expect(await taskStatus(requestId)).toBe(1);
    clock.advance(1);
    expect(await taskStatus(requestId)).toBe(2);
  });

  it('finishes a backup that was exporting when the scenario loaded', async () => {
    expect(await backupStatus(ORDERS, DEMO_IDS.exportingBackupId)).toBe(3);
    clock.advance(3000);
    expect(await backupStatus(ORDERS, DEMO_IDS.exportingBackupId)).toBe(4);
  });

  it('answers 11201 for DescribeTaskInfo without a valid or known requestId', async () => {
    expect((await call(sim, 'DescribeTaskInfo')).body.code).toBe(11201);
    expect((await call(sim, 'DescribeTaskInfo', { requestId: 'abc' })).body.code).toBe(11201);
    expect((await call(sim, 'DescribeTaskInfo', { requestId: 999 })).body.code).toBe(11201);
  });

  it('runs ManualBackupInstance as a task that adds a status-2 backup when it completes', async () => {
    const before = (await ok(sim, 'GetRedisBackupList', { redisId: ORDERS, limit: 100, offset: 0 }))
      .totalCount as number;
    const requestId = (await ok(sim, 'ManualBackupInstance', { redisId: ORDERS, remark: 'drill' })).data?.[
      'requestId'
    ] as number;
    expect(await taskStatus(requestId)).toBe(0);
    clock.advance(3000);
    expect(await taskStatus(requestId)).toBe(2);
    const after = await ok(sim, 'GetRedisBackupList', { redisId: ORDERS, limit: 100, offset: 0 });
    expect(after.totalCount).toBe(before + 1);
    expect(after.data?.['redisBackupSet']).toContainEqual(
      expect.objectContaining({ status: 2, remark: 'drill', backupType: 'manualBackupInstance' }),
    );
  });
});

describe('GetBackupDownloadUrl', () => {
  it('gives intranet and extranet URLs on the host it was asked on, for an exported cluster backup', async () => {
    const body = await ok(sim, 'GetBackupDownloadUrl', { redisId: ORDERS, backupId: DEMO_IDS.exportedBackupId });
    const host = new URL(sim.url).host;
    expect(body.data?.['intranet']).toMatch(new RegExp(`^http://${host}/download/.+\\.rdb`));
    expect(body.data?.['extranet']).toMatch(new RegExp(`^http://${host}/download/.+\\.rdb$`));
  });

  it('refuses a cluster backup that is not exported with 10711 BackupStatusAbnormal', async () => {
    expect(
      (await call(sim, 'GetBackupDownloadUrl', { redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId })).body,
    ).toMatchObject({ code: 10711, codeDesc: 'BackupStatusAbnormal' });
  });

  it('gives URLs for a status-2 master-replica backup directly', async () => {
    const body = await ok(sim, 'GetBackupDownloadUrl', {
      redisId: DEMO_IDS.masterReplicaRedisId,
      backupId: DEMO_IDS.masterReplicaBackupId,
    });
    expect(body.data?.['extranet']).toContain('/download/');
  });
});

/** Every documented error of the actions, with how to cause it. */
const ERROR_CASES: Array<{
  name: string;
  action: string;
  params: Record<string, string>;
  region?: string;
  code: number;
  codeDesc: string;
}> = [
  {
    name: 'ExportRedisBackup without backupId',
    action: 'ExportRedisBackup',
    params: { redisId: ORDERS },
    code: 11201,
    codeDesc: 'InvalidParameter',
  },
  {
    name: 'ExportRedisBackup of a missing instance',
    action: 'ExportRedisBackup',
    params: { redisId: 'crs-nothere', backupId: 'x' },
    code: 10701,
    codeDesc: 'InstanceNotExists',
  },
  {
    name: 'ExportRedisBackup of an instance in another region',
    action: 'ExportRedisBackup',
    params: { redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId },
    region: 'sh',
    code: 10701,
    codeDesc: 'InstanceNotExists',
  },
  {
    name: 'ExportRedisBackup of a missing backup',
    action: 'ExportRedisBackup',
    params: { redisId: ORDERS, backupId: 'nope' },
    code: 11213,
    codeDesc: 'BackupNotExists',
  },
  {
    name: 'ExportRedisBackup of a master-replica instance',
    action: 'ExportRedisBackup',
    params: { redisId: DEMO_IDS.masterReplicaRedisId, backupId: DEMO_IDS.masterReplicaBackupId },
    code: 11214,
    codeDesc: 'OnlyClusterInstanceCanExportBackup',
  },
  {
    name: 'ExportRedisBackup of an expired backup',
    action: 'ExportRedisBackup',
    params: { redisId: ORDERS, backupId: DEMO_IDS.expiredBackupId },
    code: 10711,
    codeDesc: 'BackupStatusInvalid',
  },
  {
    name: 'ExportRedisBackup of a locked backup',
    action: 'ExportRedisBackup',
    params: { redisId: ORDERS, backupId: DEMO_IDS.lockedBackupId },
    code: 10711,
    codeDesc: 'BackupStatusInvalid',
  },
  {
    name: 'GetBackupDownloadUrl without redisId',
    action: 'GetBackupDownloadUrl',
    params: { backupId: 'x' },
    code: 11201,
    codeDesc: 'InvalidParameter',
  },
  {
    name: 'GetBackupDownloadUrl of a missing instance',
    action: 'GetBackupDownloadUrl',
    params: { redisId: 'crs-nothere', backupId: 'x' },
    code: 10701,
    codeDesc: 'InstanceNotExists',
  },
  {
    name: 'GetBackupDownloadUrl of a missing backup',
    action: 'GetBackupDownloadUrl',
    params: { redisId: ORDERS, backupId: 'nope' },
    code: 11213,
    codeDesc: 'BackupNotExists',
  },
  {
    name: 'GetBackupDownloadUrl of an expired master-replica backup',
    action: 'GetBackupDownloadUrl',
    params: { redisId: DEMO_IDS.masterReplicaRedisId, backupId: 'c3094b07-f744-11e6-babc-525400082493' },
    code: 10711,
    codeDesc: 'BackupStatusAbnormal',
  },
  {
    name: 'ManualBackupInstance of a missing instance',
    action: 'ManualBackupInstance',
    params: { redisId: 'crs-nothere' },
    code: 10701,
    codeDesc: 'InstanceNotExists',
  },
];

describe.each(['code', 'module'] as const)('errors in the %s shape', (errorShape) => {
  beforeEach(() => {
    sim.setScenario({ ...DEMO_SCENARIO, errorShape } satisfies Scenario);
  });

  it.each(ERROR_CASES)('$name: $code $codeDesc', async ({ action, params, region, code, codeDesc }) => {
    const { status, body } = await call(sim, action, params, region ? { region } : {});
    expect(status).toBe(200);
    if (errorShape === 'code') {
      expect(body).toMatchObject({ code, codeDesc });
      expect(body.message).not.toMatch(/^\(\d+\)/);
    } else {
      expect(body).toMatchObject({ code: 4000, codeDesc });
      expect(body.message).toMatch(new RegExp(`^\\(${code}\\)\\S`));
    }
  });

  it('sends platform errors in code either way', async () => {
    expect((await call(sim, 'DescribeRedis', {}, { secretKey: 'wrong' })).body).toMatchObject({ code: 4100 });
  });
});

describe('numbersAsStrings', () => {
  it('sends every number as a string', async () => {
    sim.setScenario({ ...DEMO_SCENARIO, numbersAsStrings: true });
    const { body } = await call(sim, 'DescribeRedis', { redisId: ORDERS });
    expect(body).toMatchObject({ code: '0', totalCount: '1' });
    expect(body.data?.['redisSet']).toEqual([expect.objectContaining({ typeId: '1', regionId: '1' })]);
    expect((await call(sim, 'ExportRedisBackup', { redisId: ORDERS })).body.code).toBe('11201');
  });
});

describe('time scale', () => {
  it('runs the simulated clock faster: a 3 s export ends after 300 ms of base time at scale 10', async () => {
    const base = new ManualClock();
    const fast = await startCrsSimulator({ clock: base, timeScale: 10 });
    try {
      const requestId = (
        await ok(fast, 'ExportRedisBackup', { redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId })
      ).data?.['requestId'] as number;
      base.advance(299);
      expect((await ok(fast, 'DescribeTaskInfo', { requestId })).data?.['status']).toBe(1);
      base.advance(1);
      expect((await ok(fast, 'DescribeTaskInfo', { requestId })).data?.['status']).toBe(2);
    } finally {
      await fast.close();
    }
  });
});
