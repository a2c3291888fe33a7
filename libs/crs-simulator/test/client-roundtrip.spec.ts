// The real CRS client against the simulator: every action with both signature methods and both HTTP
// methods, every documented error classified in both error shapes, and each fault kind seen as the
// right retryable error.
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { CrsApiError } from '@crs-export/contracts';
import { CrsClient, type CrsClientOptions, type HttpMethod, type SignatureMethod } from '@crs-export/crs-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO, ManualClock, startCrsSimulator, type CrsSimulator, type ErrorShape } from '../src';

const clock = new ManualClock();
let sim: CrsSimulator;
const clients: CrsClient[] = [];

beforeAll(async () => {
  sim = await startCrsSimulator({ clock, timeoutHoldMs: 2000 });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await sim.close();
});
beforeEach(() => {
  sim.setScenario(DEMO_SCENARIO);
  sim.reset();
});

function clientFor(options: Partial<CrsClientOptions> = {}): CrsClient {
  const client = new CrsClient({
    endpoint: sim.endpoint,
    secretId: DEMO_SECRET_ID,
    secretKey: DEMO_SECRET_KEY,
    region: 'gz',
    timeoutMs: 5000,
    ...options,
  });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<CrsApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CrsApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const ORDERS = DEMO_IDS.clusterRedisId;
const combos: Array<[SignatureMethod, HttpMethod]> = [
  ['HmacSHA256', 'POST'],
  ['HmacSHA256', 'GET'],
  ['HmacSHA1', 'POST'],
  ['HmacSHA1', 'GET'],
];

describe.each(combos)('every action with %s over %s', (signatureMethod, httpMethod) => {
  it('lists, exports, polls the task to success and gets download URLs', async () => {
    const client = clientFor({ signatureMethod, httpMethod, pageSize: 10 });
    const instances = await client.describeRedis({ redisId: ORDERS });
    expect(instances).toMatchObject({
      totalCount: 1,
      redisSet: [expect.objectContaining({ redisId: ORDERS, typeId: 1, regionId: 1 })],
    });
    const page = await client.getRedisBackupList({ redisId: DEMO_IDS.manyBackupsRedisId, limit: 10, offset: 20 });
    expect(page.totalCount).toBe(25);
    expect(page.redisBackupSet).toHaveLength(5);
    expect(await client.listAllRedisBackups({ redisId: DEMO_IDS.manyBackupsRedisId })).toHaveLength(25);

    const { requestId } = await client.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId });
    expect(await client.describeTaskInfo({ requestId })).toEqual({ status: 0 });
    clock.advance(1000);
    expect(await client.describeTaskInfo({ requestId })).toEqual({ status: 1 });
    clock.advance(2000);
    expect(await client.describeTaskInfo({ requestId })).toEqual({ status: 2 });
    const urls = await client.getBackupDownloadUrl({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId });
    expect(urls.extranet).toContain(`${sim.url}/download/`);
    expect(urls.intranet).toContain('/download/');
    const file = await fetch(urls.intranet);
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBe(65_536);

    const backup = await client.manualBackupInstance({ redisId: ORDERS, remark: 'round trip' });
    expect(backup.requestId).toBeGreaterThan(requestId);
    expect(await client.describeRedis({}, { region: 'sh' })).toMatchObject({ totalCount: 1 });
  });
});

describe('client details', () => {
  it('signs a Token like any parameter', async () => {
    expect(await clientFor({ token: 'temporary-session-token' }).describeRedis({})).toMatchObject({ totalCount: 3 });
    expect(sim.calls()[0]?.params).not.toHaveProperty('Token');
  });

  it('reads numbers sent as strings', async () => {
    sim.setScenario({ ...DEMO_SCENARIO, numbersAsStrings: true });
    const client = clientFor();
    expect(await client.describeRedis({ redisId: ORDERS })).toMatchObject({
      totalCount: 1,
      redisSet: [expect.objectContaining({ typeId: 1 })],
    });
    const { requestId } = await client.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId });
    expect(requestId).toEqual(expect.any(Number));
    const error = await failure(client.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId }));
    expect(error).toMatchObject({ code: 10711, retryable: false });
  });
});

type ErrorCase = { name: string; code: number; run: (client: CrsClient) => Promise<unknown>; region?: string };
const BUSINESS_ERRORS: ErrorCase[] = [
  { name: 'missing parameter', code: 11201, run: (c) => c.call('ExportRedisBackup', { redisId: ORDERS }) },
  { name: 'missing instance', code: 10701, run: (c) => c.exportRedisBackup({ redisId: 'crs-nothere', backupId: 'x' }) },
  {
    name: 'instance in another region',
    code: 10701,
    run: (c) => c.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId }, { region: 'sh' }),
  },
  { name: 'missing backup', code: 11213, run: (c) => c.getBackupDownloadUrl({ redisId: ORDERS, backupId: 'nope' }) },
  {
    name: 'non-cluster instance',
    code: 11214,
    run: (c) =>
      c.exportRedisBackup({ redisId: DEMO_IDS.masterReplicaRedisId, backupId: DEMO_IDS.masterReplicaBackupId }),
  },
  {
    name: 'backup status not 2',
    code: 10711,
    run: (c) => c.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportedBackupId }),
  },
  {
    name: 'URL of an unexported backup',
    code: 10711,
    run: (c) => c.getBackupDownloadUrl({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId }),
  },
];

describe.each(['code', 'module'] as ErrorShape[])('documented errors in the %s shape', (errorShape) => {
  beforeEach(() => {
    sim.setScenario({ ...DEMO_SCENARIO, errorShape });
  });

  it.each(BUSINESS_ERRORS)('$name: $code, not retryable', async ({ code, run }) => {
    const error = await failure(run(clientFor()));
    expect(error).toMatchObject({
      kind: 'api',
      code,
      businessCode: code,
      retryable: false,
      platformCode: errorShape === 'code' ? code : 4000,
    });
  });

  it('4100 for a wrong key, 4104 for an unknown SecretId, 4000 for an unknown action: not retryable', async () => {
    expect(await failure(clientFor({ secretKey: 'wrong-key-wrong-key' }).describeRedis({}))).toMatchObject({
      code: 4100,
      retryable: false,
      businessCode: null,
    });
    expect(await failure(clientFor({ secretId: 'AKIDunknown000' }).describeRedis({}))).toMatchObject({
      code: 4104,
      retryable: false,
    });
    expect(await failure(clientFor().call('BackupRedis', {}))).toMatchObject({ code: 4000, retryable: false });
  });

  it('4500 for a stale timestamp: retryable (the next attempt is signed anew)', async () => {
    const stale = clientFor({ now: () => Date.now() - 3 * 3600 * 1000 });
    expect(await failure(stale.describeRedis({}))).toMatchObject({ code: 4500, retryable: true });
  });

  it('a busy code injected by a fault: retryable', async () => {
    sim.setFaults({ ExportRedisBackup: { errorRate: 1, errorCodes: [10702] } });
    expect(
      await failure(clientFor().exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId })),
    ).toMatchObject({ code: 10702, retryable: true });
  });
});

describe('faults as the client sees them', () => {
  it.each([5100, 6000, 6200, 4400])('an injected %i is a retryable API error', async (code) => {
    sim.setFaults({ DescribeTaskInfo: { errorRate: 1, errorCodes: [code] } });
    expect(await failure(clientFor().describeTaskInfo({ requestId: 1 }))).toMatchObject({
      kind: 'api',
      code,
      retryable: true,
    });
  });

  it('an HTTP 5xx is a retryable http error, a 4xx without a CRS body is not', async () => {
    sim.setFaults({ '*': { httpErrorRate: 1, httpStatuses: [502] } });
    expect(await failure(clientFor().describeRedis({}))).toMatchObject({
      kind: 'http',
      httpStatus: 502,
      retryable: true,
    });
    sim.setFaults({ '*': { httpErrorRate: 1, httpStatuses: [403] } });
    expect(await failure(clientFor().describeRedis({}))).toMatchObject({
      kind: 'http',
      httpStatus: 403,
      retryable: false,
    });
  });

  it('no answer is a retryable timeout, and the simulator lets the socket go', async () => {
    sim.setFaults({ DescribeRedis: { timeoutRate: 1 } });
    const started = Date.now();
    expect(await failure(clientFor({ timeoutMs: 200 }).describeRedis({}))).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(sim.calls()[0]).toMatchObject({ fault: 'timeout' });
  });

  it('a dropped response is a retryable network error, and the export did happen', async () => {
    sim.setFaults({ ExportRedisBackup: { dropResponseRate: 1 } });
    const client = clientFor();
    expect(
      await failure(client.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId })),
    ).toMatchObject({ kind: 'network', retryable: true });
    sim.setFaults({});
    const backups = await client.listAllRedisBackups({ redisId: ORDERS });
    expect(backups.find((backup) => backup.backupId === DEMO_IDS.exportableBackupId)?.status).toBe(3);
    expect(
      await failure(client.exportRedisBackup({ redisId: ORDERS, backupId: DEMO_IDS.exportableBackupId })),
    ).toMatchObject({ code: 10711, retryable: false });
  });

  it('latency below the timeout is only slower', async () => {
    sim.setFaults({ DescribeRedis: { latencyMs: 100 } });
    const started = Date.now();
    expect(await clientFor({ timeoutMs: 2000 }).describeRedis({})).toMatchObject({ totalCount: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});
