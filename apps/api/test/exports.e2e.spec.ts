// End to end: the API in-process, the real worker process, the real Temporal dev server and the CRS
// simulator. The demo scenario's instances get fresh redisIds, so export IDs never meet another suite's.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO } from '@crs-export/crs-simulator';
import { exportIdFor, type ExportState } from '@crs-export/contracts';
import { startTestStack, type TestStack } from '@crs-export/testing';
import { auth, NO_URLS_API_KEY, startApiTestApp, type ApiTestApp } from './support/api-test-app';

const freshRedisId = (): string =>
  `crs-${randomBytes(8)
    .toString('hex')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 8)
    .padEnd(8, '0')}`;
const ids = {
  cluster: freshRedisId(),
  masterReplica: freshRedisId(),
  shanghai: freshRedisId(),
};

let stack: TestStack;
let api: ApiTestApp;

interface ExportBody {
  exportId: string;
  state: ExportState;
  polls: number;
  files: { shard: number; intranetUrl?: string; extranetUrl?: string; expiresAt: string }[] | null;
  error: { code: number | string; name: string; retryable: boolean } | null;
  cancellation: { reason: string; note: string } | null;
  links: { temporalUi: string };
}

async function post(redisId: string, backupId: string): Promise<request.Response> {
  return request(api.server).post('/exports').set(auth).send({ redisId, backupId });
}

async function waitForState(
  exportId: string,
  accept: (state: ExportState) => boolean,
  timeoutMs = 30_000,
): Promise<ExportBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await request(api.server).get(`/exports/${exportId}`).set(auth).expect(200)).body as ExportBody;
    if (accept(body.state)) return body;
    if (Date.now() > deadline) throw new Error(`export ${exportId} stayed in ${body.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const finished = (state: ExportState): boolean => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state);

beforeAll(async () => {
  const scenario = structuredClone(DEMO_SCENARIO);
  for (const instance of scenario.instances) {
    if (instance.redisId === DEMO_IDS.clusterRedisId) instance.redisId = ids.cluster;
    if (instance.redisId === DEMO_IDS.masterReplicaRedisId) instance.redisId = ids.masterReplica;
    if (instance.redisId === DEMO_IDS.shanghaiRedisId) instance.redisId = ids.shanghai;
  }
  stack = await startTestStack({ simulator: { scenario } });
  api = await startApiTestApp({
    ...stack.env,
    EXPORT_POLL_INITIAL_MS: '100',
    EXPORT_POLL_BACKOFF: '2',
    EXPORT_POLL_MAX_MS: '500',
    EXPORT_DEADLINE_MS: '60000',
  });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await stack?.stop();
});

describe('exports through the API, the worker and the simulator', () => {
  it('runs an export to SUCCEEDED; its download URLs only with ?include=urls; a second POST meanwhile gets 200, the same export, one ExportRedisBackup', async () => {
    const first = await post(ids.cluster, DEMO_IDS.exportableBackupId);
    expect(first.status).toBe(201);
    const again = await post(ids.cluster, DEMO_IDS.exportableBackupId);
    expect(again.status).toBe(200);
    expect(again.body.exportId).toBe(first.body.exportId);
    const done = await waitForState(first.body.exportId as string, finished);
    expect(done.state).toBe('SUCCEEDED');
    expect(done.files).toHaveLength(1);
    // Bearer secrets: not in the resource unless asked for, and then only for a key with scope urls.
    expect(Object.keys(done.files?.[0] ?? {}).sort()).toEqual(['expiresAt', 'name', 'shard', 'sizeBytes']);
    expect(JSON.stringify(first.body)).not.toMatch(/https?:\/\/[^"]*\.rdb/);
    const path = `/exports/${first.body.exportId as string}`;
    const withUrls = (await request(api.server).get(`${path}?include=urls`).set(auth).expect(200)).body as ExportBody;
    expect(withUrls.files?.[0]?.extranetUrl).toMatch(/^https?:\/\//);
    expect(withUrls.files?.[0]?.intranetUrl).toMatch(/^https?:\/\//);
    expect(Date.parse(withUrls.files?.[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const noScope = await request(api.server)
      .get(`${path}?include=urls`)
      .set({ Authorization: `Bearer ${NO_URLS_API_KEY}` });
    expect(noScope.status).toBe(403);
    expect(noScope.body.detail).toMatch(/include=urls needs an API key with scope urls/);
    expect(JSON.stringify(noScope.body)).not.toMatch(/https?:\/\/[^"]*\.rdb/);
    const plain = await request(api.server)
      .get(path)
      .set({ Authorization: `Bearer ${NO_URLS_API_KEY}` });
    expect(plain.status).toBe(200);
    expect(plain.body.files?.[0]?.extranetUrl).toBeUndefined();
    const bad = await request(api.server).get(`${path}?include=secrets`).set(auth);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toMatch(/include must be urls/);
    expect(done.polls).toBeGreaterThanOrEqual(1);
    expect(done.links.temporalUi).toContain(`/workflows/${exportIdFor(ids.cluster, DEMO_IDS.exportableBackupId)}`);
    const exportCalls = stack.simulator
      .calls({ action: 'ExportRedisBackup' })
      .filter((call) => JSON.stringify(call).includes(DEMO_IDS.exportableBackupId));
    expect(exportCalls).toHaveLength(1);
  });

  it('retries a FAILED export under its ID once the cause is fixed, without a second ExportRedisBackup; 409 otherwise', async () => {
    // Tencent refuses the key for the download URL (a permission missing): never retried by the worker.
    stack.simulator.setFaults({ GetBackupDownloadUrl: { errorRate: 1, errorCodes: [4100] } });
    const started = await request(api.server)
      .post('/exports')
      .set(auth)
      .send({ redisId: ids.shanghai, backupId: DEMO_IDS.shanghaiBackupId, region: 'sh' });
    expect(started.status).toBe(201);
    const exportId = started.body.exportId as string;
    const failed = await waitForState(exportId, finished);
    expect(failed.state).toBe('FAILED');
    expect(failed.error).toMatchObject({ code: 4100, retryable: false });
    stack.simulator.setFaults({});
    const retried = await request(api.server).post(`/exports/${exportId}/retry`).set(auth).send({});
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ exportId, state: 'VALIDATING' });
    const again = await request(api.server).post(`/exports/${exportId}/retry`).set(auth).send({});
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:crs-export:problem:export-not-retryable');
    const done = await waitForState(exportId, finished);
    expect(done.state, JSON.stringify(done.error)).toBe('SUCCEEDED');
    expect(done.files?.length).toBeGreaterThan(0);
    const exportCalls = stack.simulator
      .calls({ action: 'ExportRedisBackup' })
      .filter((call) => JSON.stringify(call).includes(DEMO_IDS.shanghaiBackupId));
    expect(exportCalls).toHaveLength(1);
    const succeeded = await request(api.server).post(`/exports/${exportId}/retry`).set(auth).send({});
    expect(succeeded.status).toBe(409);
    expect(succeeded.body.detail).toMatch(/ended SUCCEEDED: only a FAILED export can be retried/);
    const unknown = await request(api.server)
      .post(`/exports/export-crs-zzzzzzzz-${DEMO_IDS.shanghaiBackupId}/retry`)
      .set(auth)
      .send({});
    expect(unknown.status).toBe(404);
  });

  it('fails at once with 11214 for a non-cluster instance', async () => {
    const started = await post(ids.masterReplica, DEMO_IDS.masterReplicaBackupId);
    const done = await waitForState(started.body.exportId as string, finished);
    expect(done.state).toBe('FAILED');
    expect(done.error).toMatchObject({ code: 11214, name: 'OnlyClusterInstanceCanExportBackup', retryable: false });
  });

  it('fails with 10711 for a backup whose status does not allow export', async () => {
    const started = await post(ids.cluster, DEMO_IDS.lockedBackupId);
    const done = await waitForState(started.body.exportId as string, finished);
    expect(done.state).toBe('FAILED');
    expect(done.error).toMatchObject({ code: 10711, retryable: false });
  });

  it('cancels a running export: 202, then CANCELLED with the reason; a second cancel is 409', async () => {
    const started = await post(ids.cluster, DEMO_IDS.largeBackupId);
    const exportId = started.body.exportId as string;
    await waitForState(exportId, (state) => state === 'WAITING_FOR_TASK');
    const cancelled = await request(api.server)
      .post(`/exports/${exportId}/cancel`)
      .set(auth)
      .send({ reason: 'wrong backup' });
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.exportId).toBe(exportId);
    const done = await waitForState(exportId, finished, 5_000);
    expect(done.state).toBe('CANCELLED');
    expect(done.cancellation?.reason).toBe('wrong backup');
    expect((await request(api.server).post(`/exports/${exportId}/cancel`).set(auth).send({})).status).toBe(409);
  });

  it('lists exports filtered by redisId and by state, newest first', async () => {
    const byRedis = await request(api.server).get(`/exports?redisId=${ids.masterReplica}`).set(auth).expect(200);
    expect((byRedis.body.items as ExportBody[]).map((item) => item.exportId)).toEqual([
      exportIdFor(ids.masterReplica, DEMO_IDS.masterReplicaBackupId),
    ]);
    const failed = await request(api.server).get(`/exports?redisId=${ids.cluster}&state=FAILED`).set(auth).expect(200);
    expect((failed.body.items as ExportBody[]).map((item) => item.exportId)).toEqual([
      exportIdFor(ids.cluster, DEMO_IDS.lockedBackupId),
    ]);
    const page = await request(api.server).get(`/exports?redisId=${ids.cluster}&limit=1`).set(auth).expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await request(api.server)
      .get(`/exports?redisId=${ids.cluster}&limit=1&cursor=${page.body.nextCursor as string}`)
      .set(auth)
      .expect(200);
    expect(next.body.items[0].exportId).not.toBe(page.body.items[0].exportId);
  });

  it('still answers 4xx problems with the whole stack up, and requires a key', async () => {
    expect((await request(api.server).get('/exports')).status).toBe(401);
    expect((await request(api.server).post('/exports').set(auth).send({ redisId: ids.cluster })).status).toBe(400);
    expect(
      (
        await request(api.server)
          .get(`/exports/${exportIdFor(ids.cluster, DEMO_IDS.exportedBackupId)}`)
          .set(auth)
      ).status,
    ).toBe(404);
  });
});
