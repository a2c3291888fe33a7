// The 3.0 adapter of the backend port against the real CRS simulator's 3.0 API, reached as if it were
// Tencent: the SDK signs host redis.tencentcloudapi.com and service redis, and connectTo sends the sockets
// to the simulator's port. A 3-shard Redis 7.0 cluster, a standard Redis 6.2 instance and a few special ones.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { CrsApiError, type CrsBackend } from '@crs-export/contracts';
import { ManualClock, startCrsSimulator, type CrsSimulator, type CrsSimulatorOptions } from '@crs-export/crs-simulator';
import {
  createV3Backend,
  CrsV3Client,
  formatBeijingTime,
  parseBeijingTime,
  tencentCredentialOf,
  type CrsV3ClientOptions,
  type TencentCredentialSource,
  type V3BackendOptions,
  type V3CallEvent,
} from '../src';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.now();
const ago = (ms: number): string => formatBeijingTime(NOW - ms);
const CONVERSION_MS = 3000;

const TEMPORARY = {
  secretId: 'AKIDcrsv3clienttemporary000000000',
  secretKey: 'crs-v3-client-temporary-key',
  token: 'crs-v3-client-session-token',
};

const CLUSTER = 'crs-v3clus01';
const STANDARD = 'crs-v3std001';
const FAILING = 'crs-v3fail01';
const OLD_ONLY = 'crs-v3old001';
const MANY = 'crs-v3many01';
const SHANGHAI = 'crs-v3sh0001';

const SCENARIO = {
  credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }, TEMPORARY],
  exportDurationMs: CONVERSION_MS,
  instances: [
    {
      redisId: CLUSTER,
      redisName: 'orders',
      tags: { team: 'payments', env: 'prod' },
      region: 'gz',
      architecture: 'cluster',
      engine: 'Redis 7.0',
      shardNum: 3,
      backups: [
        { backupId: 'bk-locked', status: 1, startTime: ago(1 * HOUR), remark: 'in progress' },
        {
          backupId: 'bk-ready',
          status: 2,
          startTime: ago(2 * DAY),
          remark: 'nightly',
          backupType: 'systemBackupInstance',
          rdbBytes: [20_000, 30_000, 40_000],
        },
        { backupId: 'bk-converted', status: 4, startTime: ago(3 * DAY), remark: 'converted' },
        { backupId: 'bk-expired', status: -1, startTime: ago(20 * DAY), remark: 'expired' },
        { backupId: 'bk-encrypted', status: 4, startTime: ago(4 * DAY), remark: 'encrypted', encrypted: true },
        { backupId: 'bk-old', status: 2, startTime: ago(45 * DAY), remark: 'old' },
      ],
    },
    {
      redisId: STANDARD,
      redisName: 'sessions',
      region: 'ap-guangzhou',
      architecture: 'standard',
      engine: 'Redis 6.2',
      backups: [{ backupId: 'bk-std', status: 2, startTime: ago(5 * HOUR), remark: 'standard' }],
    },
    {
      redisId: FAILING,
      redisName: 'failing',
      region: 'gz',
      architecture: 'cluster',
      engine: 'Redis 5.0',
      backupOutcome: 'failed',
      backupTaskMessage: 'disk full on shard 2',
      backups: [],
    },
    {
      redisId: OLD_ONLY,
      redisName: 'archive',
      region: 'gz',
      architecture: 'standard',
      engine: 'Redis 4.0',
      backups: [{ backupId: 'bk-70-days', status: 2, startTime: ago(70 * DAY), remark: 'very old' }],
    },
    {
      redisId: MANY,
      redisName: 'many',
      region: 'gz',
      architecture: 'standard',
      engine: 'Redis 7.0',
      backups: Array.from({ length: 25 }, (_, index) => ({
        backupId: `bk-many-${String(index).padStart(2, '0')}`,
        status: index === 0 ? 1 : 2,
        startTime: ago((index + 1) * HOUR),
      })),
    },
    {
      redisId: SHANGHAI,
      redisName: 'shanghai',
      region: 'sh',
      architecture: 'cluster',
      engine: 'Redis 4.0',
      shardNum: 5,
      backups: [],
    },
  ],
};

let sim: CrsSimulator;
const clients: CrsV3Client[] = [];
const simulators: CrsSimulator[] = [];

beforeAll(async () => {
  // Tencent's clock for the state machines stands still unless a test moves it (signatures use wall time).
  sim = await startCrsSimulator({ scenario: SCENARIO, seed: 7, timeoutHoldMs: 5000, clock: new ManualClock(NOW) });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const other of simulators.splice(0)) await other.close();
  sim.setScenario(SCENARIO);
  sim.reset();
});

function clientOf(
  target: CrsSimulator,
  options: Partial<CrsV3ClientOptions> = {},
  source?: TencentCredentialSource,
): CrsV3Client {
  const client = new CrsV3Client({
    credential: tencentCredentialOf(source ?? { kind: 'static', secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }),
    protocol: 'http://',
    connectTo: `127.0.0.1:${target.port}`,
    timeoutMs: 5000,
    ...options,
  });
  clients.push(client);
  return client;
}

function backendOf(
  options: Partial<CrsV3ClientOptions> = {},
  backendOptions: V3BackendOptions = {},
  target = sim,
): CrsBackend {
  return createV3Backend(clientOf(target, options), backendOptions);
}

async function anotherSimulator(options: CrsSimulatorOptions): Promise<CrsSimulator> {
  const started = await startCrsSimulator({ scenario: SCENARIO, seed: 7, ...options });
  simulators.push(started);
  return started;
}

async function failureOf(call: Promise<unknown>): Promise<CrsApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CrsApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const isoOf = (beijing: string): string => new Date(parseBeijingTime(beijing) ?? Number.NaN).toISOString();
function backupOf(id: string): { startTime: string; remark: string } {
  const backup = SCENARIO.instances[0]?.backups.find((candidate) => candidate.backupId === id);
  if (!backup || !('remark' in backup) || typeof backup.remark !== 'string') {
    throw new Error(`no backup ${id} with a remark in the scenario`);
  }
  return { startTime: backup.startTime, remark: backup.remark };
}

describe('the port', () => {
  it('is the 3.0 generation: 6-hour URLs, standard instances too, no export step', () => {
    const backend = backendOf();
    expect(backend).toMatchObject({
      apiVersion: 3,
      urlValidityMs: 6 * HOUR,
      exportsStandardInstances: true,
      needsExportStep: false,
    });
  });

  it('refuses the v2-only export step clearly', async () => {
    const error = await failureOf(
      backendOf().startBackupExport({ region: 'gz', redisId: CLUSTER, backupId: 'bk-ready' }),
    );
    expect(error.toJSON()).toMatchObject({ code: 'RequestError', retryable: false });
    expect(error.message).toContain('no export step');
  });
});

describe('findInstance', () => {
  it('describes the 3-shard Redis 7.0 cluster', async () => {
    expect(await backendOf().findInstance({ region: 'gz', redisId: CLUSTER })).toEqual({
      redisId: CLUSTER,
      name: 'orders',
      architecture: 'cluster',
      status: 2,
      running: true,
      engine: 'Redis 7.0',
      rdbVersion: 10,
      shardCount: 3,
      tags: { team: 'payments', env: 'prod' },
    });
  });

  it('lists every instance of the region with its tags, over pages', async () => {
    const listed = await backendOf().listInstances('ap-guangzhou');
    expect(listed.map((instance) => instance.redisId)).toContain(CLUSTER);
    expect(listed.find((instance) => instance.redisId === CLUSTER)?.tags).toEqual({ team: 'payments', env: 'prod' });
    expect(listed.find((instance) => instance.redisId === STANDARD)?.tags).toEqual({});
    expect(new Set(listed.map((instance) => instance.redisId)).size).toBe(listed.length);
  });

  it('describes the standard Redis 6.2 instance with one shard', async () => {
    expect(await backendOf().findInstance({ region: 'ap-guangzhou', redisId: STANDARD })).toMatchObject({
      architecture: 'standard',
      engine: 'Redis 6.2',
      rdbVersion: 9,
      shardCount: 1,
      running: true,
    });
  });

  it('names the region per call, short or long, and finds nothing in another region', async () => {
    const backend = backendOf();
    expect(await backend.findInstance({ region: 'gz', redisId: SHANGHAI })).toBeNull();
    expect(await backend.findInstance({ region: 'sh', redisId: SHANGHAI })).toMatchObject({
      shardCount: 5,
      engine: 'Redis 4.0',
      rdbVersion: 8,
    });
    expect(await backend.findInstance({ region: 'ap-shanghai', redisId: SHANGHAI })).not.toBeNull();
    expect(sim.calls({ action: 'DescribeInstances' }).map((call) => call.region)).toEqual([
      'ap-guangzhou',
      'ap-shanghai',
      'ap-shanghai',
    ]);
  });

  it('gives null for an instance that does not exist', async () => {
    expect(await backendOf().findInstance({ region: 'gz', redisId: 'crs-nothere' })).toBeNull();
  });
});

describe('findBackup, latestBackup', () => {
  it.each([
    ['bk-locked', 1, 'manual'],
    ['bk-ready', 2, 'auto'],
    ['bk-converted', 4, 'manual'],
    ['bk-expired', -1, 'manual'],
  ])('finds %s in status %i, whatever the default filter hides', async (backupId, status, type) => {
    const found = await backendOf().findBackup({ region: 'gz', redisId: CLUSTER, backupId });
    expect(found).toMatchObject({
      backupId,
      status,
      type,
      startedAt: isoOf(backupOf(backupId).startTime),
      remark: backupOf(backupId).remark,
    });
  });

  it('finds a backup 45 days old, past the 30-day span of one listing', async () => {
    expect(await backendOf().findBackup({ region: 'gz', redisId: CLUSTER, backupId: 'bk-old' })).toMatchObject({
      status: 2,
      remark: 'old',
    });
    for (const call of sim.calls({ action: 'DescribeInstanceBackups' })) {
      const span =
        (parseBeijingTime(call.params['EndTime'] ?? '') ?? 0) - (parseBeijingTime(call.params['BeginTime'] ?? '') ?? 0);
      expect(span).toBeLessThanOrEqual(30 * DAY);
      expect(call.code).toBe(0);
    }
  });

  it('gives null for a backup Tencent does not have', async () => {
    expect(await backendOf().findBackup({ region: 'gz', redisId: CLUSTER, backupId: 'bk-nothere' })).toBeNull();
  });

  it('takes the newest backup in status 2 or 4 as the latest, asking for those statuses explicitly', async () => {
    expect(await backendOf().latestBackup({ region: 'gz', redisId: CLUSTER })).toMatchObject({
      backupId: 'bk-ready',
      status: 2,
      type: 'auto',
    });
    const [call] = sim.calls({ action: 'DescribeInstanceBackups' });
    expect(call?.params).toMatchObject({
      InstanceId: CLUSTER,
      'Status.0': '2',
      'Status.1': '4',
      Limit: '100',
      Offset: '0',
    });
  });

  it('walks back in windows of at most 30 days to a backup 70 days old', async () => {
    expect(await backendOf().latestBackup({ region: 'gz', redisId: OLD_ONLY })).toMatchObject({
      backupId: 'bk-70-days',
    });
    const windows = sim.calls({ action: 'DescribeInstanceBackups' }).map((call) => ({
      begin: parseBeijingTime(call.params['BeginTime'] ?? '') ?? 0,
      end: parseBeijingTime(call.params['EndTime'] ?? '') ?? 0,
    }));
    expect(windows).toHaveLength(3);
    windows.forEach(({ begin, end }, index) => {
      expect(end - begin).toBeLessThanOrEqual(30 * DAY);
      if (index > 0) expect(end).toBe((windows[index - 1]?.begin ?? 0) - 1000);
    });
  });

  it('pages with Limit and an Offset that is a multiple of it, until TotalCount', async () => {
    const backend = backendOf({}, { pageSize: 10 });
    expect(await backend.latestBackup({ region: 'gz', redisId: MANY })).toMatchObject({ backupId: 'bk-many-01' });
    expect(
      sim.calls({ action: 'DescribeInstanceBackups' }).map((call) => [call.params['Limit'], call.params['Offset']]),
    ).toEqual([
      ['10', '0'],
      ['10', '10'],
      ['10', '20'],
    ]);
  });

  it('gives null as the latest of an instance without backups', async () => {
    expect(await backendOf({}, { lookbackDays: 90 }).latestBackup({ region: 'sh', redisId: SHANGHAI })).toBeNull();
  });

  it("fails with the instance's own error when it does not exist", async () => {
    const error = await failureOf(backendOf().latestBackup({ region: 'gz', redisId: 'crs-nothere' }));
    expect(error.toJSON()).toMatchObject({
      code: 'ResourceNotFound.InstanceNotExists',
      retryable: false,
      apiVersion: 3,
    });
  });
});

describe('a new backup', () => {
  it('is made with remark and storage days, hidden by the default filter, found by its remark, and waited for', async () => {
    const client = clientOf(sim);
    const backend = createV3Backend(client);
    const ref = { region: 'gz', redisId: CLUSTER };
    const startedAfter = new Date(sim.clock.now()).toISOString();
    const remark = `crs-export test ${Date.now()}`;
    const { taskId } = await backend.createBackup(ref, { remark, storageDays: 3 });
    expect(sim.calls({ action: 'ManualBackupInstance' })[0]?.params).toMatchObject({
      InstanceId: CLUSTER,
      Remark: remark,
      StorageDays: '3',
    });

    // DescribeInstanceBackups without Status lists finished backups only: the new one is not there.
    const byDefault = await client.describeInstanceBackups({ InstanceId: CLUSTER, Limit: 100 }, { region: 'gz' });
    expect(byDefault.BackupSet.map((backup) => backup.Remark)).not.toContain(remark);

    const pending = await backend.findCreatedBackup(ref, { remark, startedAfter });
    expect(pending).toMatchObject({ status: 1, type: 'manual', remark });
    expect(await backend.describeTask({ region: 'gz', taskId })).toMatchObject({ state: 'pending' });

    sim.advance(CONVERSION_MS + 1000);
    expect(await backend.describeTask({ region: 'ap-guangzhou', taskId })).toEqual({
      state: 'succeeded',
      tencentStatus: 'succeed',
      message: '',
    });
    const done = await backend.findCreatedBackup(ref, { remark, startedAfter });
    expect(done).toMatchObject({ backupId: pending?.backupId, status: 2 });
    expect(await backend.findCreatedBackup(ref, { remark: 'another remark', startedAfter })).toBeNull();
  });

  it("reports a failed backup task with Tencent's TaskMessage", async () => {
    const backend = backendOf();
    const { taskId } = await backend.createBackup({ region: 'gz', redisId: FAILING }, { remark: 'will fail' });
    sim.advance(CONVERSION_MS + 1000);
    expect(await backend.describeTask({ region: 'gz', taskId })).toEqual({
      state: 'failed',
      tencentStatus: 'failed',
      message: 'disk full on shard 2',
    });
  });
});

describe('recentBackups', () => {
  it("lists the last 30 days' ended backups with their end times, in one DescribeInstanceBackups call", async () => {
    const before = sim.calls({ api: 'v3' }).length;
    const backups = await backendOf({}, { now: () => NOW }).recentBackups?.({ region: 'gz', redisId: CLUSTER });
    expect(backups?.map((backup) => backup.backupId).sort()).toEqual([
      'bk-converted',
      'bk-encrypted',
      'bk-expired',
      'bk-ready',
    ]);
    // The scenario's backups last as long as its backup tasks (3 s here), to the second.
    for (const backup of backups ?? []) {
      expect(Date.parse(backup.endedAt ?? '') - Date.parse(backup.startedAt)).toBe(CONVERSION_MS);
    }
    expect(
      sim
        .calls({ api: 'v3' })
        .slice(before)
        .map((call) => call.action),
    ).toEqual(['DescribeInstanceBackups']);
  });
});

describe('backupDetail', () => {
  it('gives the shard count, encryption and size', async () => {
    expect(await backendOf().backupDetail({ region: 'gz', redisId: CLUSTER, backupId: 'bk-ready' })).toEqual({
      backupId: 'bk-ready',
      shardCount: 3,
      encrypted: false,
      sizeBytes: 90_000,
    });
  });

  it('says an encrypted backup is encrypted and never hands on its DecryptKey', async () => {
    const events: V3CallEvent[] = [];
    const client = clientOf(sim, { onCall: (event) => events.push(event) });
    const raw = await client.call(
      'DescribeBackupDetail',
      { InstanceId: CLUSTER, BackupId: 'bk-encrypted' },
      { region: 'gz' },
    );
    const key = raw['DecryptKey'];
    expect(typeof key === 'string' && key.length).toBeGreaterThan(20);
    const detail = await createV3Backend(client).backupDetail({
      region: 'gz',
      redisId: CLUSTER,
      backupId: 'bk-encrypted',
    });
    expect(detail).toMatchObject({ encrypted: true, shardCount: 3 });
    const typed = await client.describeBackupDetail(
      { InstanceId: CLUSTER, BackupId: 'bk-encrypted' },
      { region: 'gz' },
    );
    expect(`${JSON.stringify(detail)} ${JSON.stringify(typed)} ${JSON.stringify(events)}`).not.toContain(String(key));
  });
});

describe('backupFiles', () => {
  it('is not ready while Tencent converts a cluster backup, then gives one file per shard in order', async () => {
    const backend = backendOf();
    const ref = { region: 'gz', redisId: CLUSTER, backupId: 'bk-ready' };
    const first = await backend.backupFiles(ref);
    expect(first.ready).toBe(false);
    expect(!first.ready && first.reason).toMatch(/converting/);
    expect(await backend.findBackup(ref)).toMatchObject({ status: 3 });

    sim.advance(CONVERSION_MS + 1000);
    const answer = await backend.backupFiles(ref);
    if (!answer.ready) throw new Error(`not ready: ${answer.reason}`);
    const described = sim.calls({ action: 'DescribeBackupUrl' });
    expect(answer.files.map((file) => file.shard)).toEqual([1, 2, 3]);
    expect(answer.files.map((file) => file.sizeBytes)).toEqual([20_000, 30_000, 40_000]);
    for (const [index, file] of answer.files.entries()) {
      expect(file.name).toMatch(new RegExp(`-${index + 1}-ignore\\.rdb$`));
      // The simulator marks its intranet URLs (InnerDownloadUrl) with their scope.
      expect(file.intranetUrl).toContain('q-ext-scope=intranet');
      expect(file.extranetUrl).not.toContain('q-ext-scope=intranet');
    }
    expect(described.at(-1)?.code).toBe(0);

    // The extranet URL is DownloadUrl: a real RDB file of the engine's version.
    const download = await fetch(answer.files[0]?.extranetUrl ?? '');
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 9).toString('latin1')).toBe('REDIS0010');
    expect(bytes.length).toBe(20_000);
  });

  it("gives a standard instance's one file at once", async () => {
    const answer = await backendOf().backupFiles({ region: 'gz', redisId: STANDARD, backupId: 'bk-std' });
    expect(answer.ready && answer.files.map((file) => [file.shard, file.sizeBytes])).toEqual([[1, 65_536]]);
  });

  it('is not ready for a backup still in progress', async () => {
    const answer = await backendOf().backupFiles({ region: 'gz', redisId: CLUSTER, backupId: 'bk-locked' });
    expect(answer).toEqual({ ready: false, reason: expect.stringContaining('status 1') });
  });

  it('fails for good on an expired backup, and on one that does not exist', async () => {
    const backend = backendOf();
    const expired = await failureOf(backend.backupFiles({ region: 'gz', redisId: CLUSTER, backupId: 'bk-expired' }));
    expect(expired.toJSON()).toMatchObject({ code: 'ResourceUnavailable.BackupStatusInvalid', retryable: false });
    expect(expired.message).toContain('expired');
    const missing = await failureOf(backend.backupFiles({ region: 'gz', redisId: CLUSTER, backupId: 'bk-nothere' }));
    expect(missing.toJSON()).toMatchObject({ code: 'InvalidParameterValue.BackupNotExists', retryable: false });
  });

  it.each(['emptyBackupInfos', 'zeroFileSize'] as const)(
    'is not ready while Tencent answers the conversion with %s',
    async (convertingAnswer) => {
      sim.setScenario({ ...SCENARIO, v3: { convertingAnswer } });
      const backend = backendOf();
      const ref = { region: 'gz', redisId: CLUSTER, backupId: 'bk-ready' };
      expect((await backend.backupFiles(ref)).ready).toBe(false);
      expect((await backend.backupFiles(ref)).ready).toBe(false);
      sim.advance(CONVERSION_MS + 1000);
      expect((await backend.backupFiles(ref)).ready).toBe(true);
    },
  );

  it('reads the deprecated arrays of an older answer', async () => {
    sim.setScenario({ ...SCENARIO, v3: { backupUrlShape: 'deprecatedOnly' } });
    const answer = await backendOf().backupFiles({ region: 'gz', redisId: CLUSTER, backupId: 'bk-converted' });
    if (!answer.ready) throw new Error(answer.reason);
    expect(answer.files).toHaveLength(3);
    expect(answer.files.every((file) => file.sizeBytes === null && file.name.endsWith('-ignore.rdb'))).toBe(true);
  });

  it('passes the download restriction through, with regions named the 3.0 way', async () => {
    const backend = backendOf();
    await backend.backupFiles({
      region: 'gz',
      redisId: STANDARD,
      backupId: 'bk-std',
      restriction: {
        limitType: 'Customize',
        vpcComparisonSymbol: 'In',
        limitVpc: [{ region: 'gz', vpcList: ['vpc-5og4fwm9'] }],
        ipComparisonSymbol: 'NotIn',
        limitIp: ['10.1.0.13'],
      },
    });
    await backend.backupFiles({
      region: 'gz',
      redisId: STANDARD,
      backupId: 'bk-std',
      restriction: { limitType: 'LimitOnlyIntranet' },
    });
    const [customize, intranet] = sim.calls({ action: 'DescribeBackupUrl' });
    expect(customize?.params).toMatchObject({
      LimitType: 'Customize',
      VpcComparisonSymbol: 'In',
      'LimitVpc.0.Region': 'ap-guangzhou',
      'LimitVpc.0.VpcList.0': 'vpc-5og4fwm9',
      IpComparisonSymbol: 'NotIn',
      'LimitIp.0': '10.1.0.13',
    });
    expect(customize?.code).toBe(0);
    expect(intranet?.params).toMatchObject({ LimitType: 'LimitOnlyIntranet' });
    expect(intranet?.params).not.toHaveProperty('LimitIp.0');
  });
});

describe('errors against the simulator', () => {
  it('never retries ResourceNotFound.InstanceNotExists, and quotes its RequestId', async () => {
    const error = await failureOf(backendOf().backupDetail({ region: 'gz', redisId: 'crs-nothere', backupId: 'x' }));
    expect(error.toJSON()).toMatchObject({
      code: 'ResourceNotFound.InstanceNotExists',
      retryable: false,
      action: 'DescribeBackupDetail',
      apiVersion: 3,
    });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.toExportError().message).toContain(String(error.requestId));
  });

  it('retries RequestLimitExceeded', async () => {
    sim.setScenario({ ...SCENARIO, v3: { rateLimits: { DescribeInstances: 1 } } });
    const backend = backendOf();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => backend.findInstance({ region: 'gz', redisId: CLUSTER })),
    );
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const { reason } of refused) {
      expect(reason).toBeInstanceOf(CrsApiError);
      expect((reason as CrsApiError).toJSON()).toMatchObject({ code: 'RequestLimitExceeded', retryable: true });
    }
  });

  it('signs anew once after AuthFailure.SignatureExpire, and goes on', async () => {
    // The simulator's auth clock runs 6 minutes ahead until the client has sent its first request.
    let skewMs = 6 * 60_000;
    const skewed = await anotherSimulator({ authClock: { now: () => Date.now() + skewMs } });
    let attempts = 0;
    const backend = createV3Backend(
      clientOf(skewed, {
        beforeCall: async () => {
          attempts += 1;
          if (attempts === 2) skewMs = 0;
        },
      }),
    );
    expect(await backend.findInstance({ region: 'gz', redisId: CLUSTER })).toMatchObject({ redisId: CLUSTER });
    expect(skewed.calls({ action: 'DescribeInstances' }).map((call) => call.code)).toEqual([
      'AuthFailure.SignatureExpire',
      0,
    ]);
  });

  it('fails for good when a clock 6 minutes off makes the fresh signature expire too', async () => {
    const skewed = await anotherSimulator({ authClock: { now: () => Date.now() - 6 * 60_000 } });
    const error = await failureOf(createV3Backend(clientOf(skewed)).findInstance({ region: 'gz', redisId: CLUSTER }));
    expect(error.toJSON()).toMatchObject({ code: 'AuthFailure.SignatureExpire', retryable: false });
    expect(error.message).toMatch(/clock is probably more than 5 minutes off/);
    expect(skewed.calls({ action: 'DescribeInstances' })).toHaveLength(2);
  });

  it('times out when the simulator never answers', async () => {
    sim.setFaults({ DescribeTaskInfo: { timeoutRate: 1 } });
    const error = await failureOf(backendOf({ timeoutMs: 300 }).describeTask({ region: 'gz', taskId: 1 }));
    expect(error.toJSON()).toMatchObject({
      code: 'Timeout',
      retryable: true,
      message: 'DescribeTaskInfo: timed out after 300 ms',
    });
  });

  it('retries an HTTP 502 of the gateway and an injected InternalError', async () => {
    sim.setFaults({
      DescribeInstances: { httpErrorRate: 1, httpStatuses: [502] },
      DescribeBackupDetail: { errorRate: 1, errorCodes: ['InternalError'] },
    });
    const backend = backendOf();
    expect((await failureOf(backend.findInstance({ region: 'gz', redisId: CLUSTER }))).toJSON()).toMatchObject({
      code: 'HttpError',
      httpStatus: 502,
      retryable: true,
    });
    expect(
      (await failureOf(backend.backupDetail({ region: 'gz', redisId: CLUSTER, backupId: 'bk-ready' }))).toJSON(),
    ).toMatchObject({
      code: 'InternalError',
      retryable: true,
    });
  });

  it('never retries a wrong key or an unknown SecretId, and never quotes the key', async () => {
    const wrongKey = createV3Backend(
      clientOf(sim, {}, { kind: 'static', secretId: DEMO_SECRET_ID, secretKey: 'not-the-demo-secret-key' }),
    );
    const signature = await failureOf(wrongKey.findInstance({ region: 'gz', redisId: CLUSTER }));
    expect(signature.toJSON()).toMatchObject({ code: 'AuthFailure.SignatureFailure', retryable: false });
    expect(JSON.stringify(signature)).not.toContain('not-the-demo-secret-key');
    const unknown = createV3Backend(
      clientOf(sim, {}, { kind: 'static', secretId: 'AKIDnobodyknowsthisone0000000000', secretKey: 'whatever-key' }),
    );
    expect((await failureOf(unknown.findInstance({ region: 'gz', redisId: CLUSTER }))).toJSON()).toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
      retryable: false,
    });
  });
});

describe('credentials against the simulator', () => {
  it('signs with a temporary credential and its session token', async () => {
    const backend = createV3Backend(clientOf(sim, {}, { kind: 'static', ...TEMPORARY }));
    expect(await backend.findInstance({ region: 'gz', redisId: STANDARD })).not.toBeNull();
  });

  it('takes the temporary credential from TENCENTCLOUD_SECRET_ID, _SECRET_KEY and _SESSION_TOKEN', async () => {
    const names = ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY', 'TENCENTCLOUD_SESSION_TOKEN'] as const;
    const saved = names.map((name) => process.env[name]);
    process.env['TENCENTCLOUD_SECRET_ID'] = TEMPORARY.secretId;
    process.env['TENCENTCLOUD_SECRET_KEY'] = TEMPORARY.secretKey;
    process.env['TENCENTCLOUD_SESSION_TOKEN'] = TEMPORARY.token;
    try {
      const backend = createV3Backend(clientOf(sim, {}, { kind: 'env' }));
      expect(await backend.findInstance({ region: 'gz', redisId: STANDARD })).not.toBeNull();
      delete process.env['TENCENTCLOUD_SESSION_TOKEN'];
      const withoutToken = createV3Backend(clientOf(sim, {}, { kind: 'env' }));
      expect((await failureOf(withoutToken.findInstance({ region: 'gz', redisId: STANDARD }))).code).toBe(
        'AuthFailure.TokenFailure',
      );
    } finally {
      names.forEach((name, index) => {
        const value = saved[index];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      });
    }
  });
});
