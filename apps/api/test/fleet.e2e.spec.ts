// End to end: batches, schedules and notifications through the API, the worker process (API 3.0), the real
// Temporal dev server and the simulator; a webhook receiver of our own verifies what arrives.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { BatchStatus, ExportStatus, NotificationDelivery, ScheduleStatus } from '@crs-export/contracts';
import { createWebhookReceiver, type WebhookEvent } from '@crs-export/notifications';
import { startTestStack, type TestStack } from '@crs-export/testing';
import { auth, startApiTestApp, type ApiTestApp } from './support/api-test-app';

const SECRET = 'whsec-fleet-0123456789abcdef';
let stack: TestStack;
let api: ApiTestApp;
let hook: Server;
const events: WebhookEvent[] = [];
// Where this deployment may archive (ARCHIVE_DESTINATIONS, no ARCHIVE_URL: exports archive only when asked).
const archiveRoot = mkdtempSync(join(tmpdir(), 'fleet-archives-'));
const archiveUrl = pathToFileURL(archiveRoot).href;

function freshId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `crs-${[...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}
const fleet = Array.from({ length: 4 }, (_, index) => ({ redisId: freshId(), name: `fleet-${index}` }));

beforeAll(async () => {
  const receiver = createWebhookReceiver({ secret: SECRET, onEvent: (event) => void events.push(event) });
  hook = createServer(receiver.requestListener);
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const secretFile = join(mkdtempSync(join(tmpdir(), 'fleet-hook-')), 'secret');
  writeFileSync(secretFile, SECRET, { mode: 0o600 });
  const endpoints = `ops=http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook|secretFile=${secretFile}`;
  stack = await startTestStack({
    api: 3,
    simulator: {
      scenario: {
        credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
        exportDurationMs: 200,
        instances: fleet.map((instance, index) => ({
          redisId: instance.redisId,
          redisName: instance.name,
          region: 'ap-guangzhou',
          architecture: 'standard',
          engine: 'Redis 6.2',
          tags: { team: index < 3 ? 'payments' : 'search' },
          // fleet-2 has no backup: its export fails.
          backups:
            index === 2
              ? []
              : [
                  {
                    backupId: [...randomBytes(12)].map((byte) => String(byte % 10)).join(''),
                    status: 2,
                    startTime: '2026-11-28 03:00:00',
                  },
                ],
        })),
      },
    },
    workerEnv: { WEBHOOK_ENDPOINTS: endpoints, ARCHIVE_DESTINATIONS: archiveUrl },
  });
  api = await startApiTestApp({
    ...stack.env,
    WEBHOOK_ENDPOINTS: endpoints,
    ARCHIVE_DESTINATIONS: archiveUrl,
    EXPORT_POLL_INITIAL_MS: '100',
    EXPORT_POLL_BACKOFF: '2',
    EXPORT_POLL_MAX_MS: '500',
    EXPORT_DEADLINE_MS: '60000',
  });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await stack?.stop();
  hook?.close();
});

async function eventually<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function batchWhenEnded(
  batchId: string,
): Promise<BatchStatus & { children: { items: { redisId: string; state: string }[] } }> {
  return eventually(`batch ${batchId} to end`, async () => {
    const { body } = await request(api.server).get(`/batches/${batchId}?limit=100`).set(auth).expect(200);
    return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes((body as BatchStatus).state) ? body : null;
  });
}

const payments = { selector: { region: 'ap-guangzhou', tags: { team: 'payments' } } };

describe('batches through the API', () => {
  it('refuses what cannot work, naming the field', async () => {
    const cases: [object, string, RegExp][] = [
      [{ ...payments, notify: ['nobody'] }, 'notify', /unknown webhook endpoint "nobody"; configured: ops/],
      [{ ...payments, retention: { keepLast: 3 } }, 'retention', /needs a destination/],
      [{ selector: { redisIds: [fleet[0]?.redisId], name: 'x' } }, 'selector', /not both/],
      [{ ...payments, destination: 's3://elsewhere/x' }, 'destination', /archives nowhere|allowed destinations/],
      [{ ...payments, concurrency: 0 }, 'concurrency', /concurrency/],
      [{ ...payments, extra: true }, 'extra', /should not exist/],
    ];
    for (const [body, field, message] of cases) {
      const response = await request(api.server).post('/batches').set(auth).send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const errors = response.body.errors as { field: string; messages: string[] }[];
      expect(errors.find((error) => error.field === field)?.messages.join(' ')).toMatch(message);
    }
  });

  it(
    'runs a batch by tags: counts, each failure, paged children; the Idempotency-Key gives the same batch; the end is told',
    { timeout: 120_000 },
    async () => {
      const key = `fleet-${randomBytes(6).toString('hex')}`;
      const started = await request(api.server)
        .post('/batches')
        .set({ ...auth, 'Idempotency-Key': key })
        .send({ ...payments, notify: ['ops'] });
      expect(started.status).toBe(201);
      const batchId = started.body.batchId as string;
      expect(started.headers['location']).toBe(`/batches/${batchId}`);
      const again = await request(api.server)
        .post('/batches')
        .set({ ...auth, 'Idempotency-Key': key })
        .send({ ...payments, notify: ['ops'] });
      expect(again.status).toBe(200);
      expect(again.body.batchId).toBe(batchId);
      const other = await request(api.server)
        .post('/batches')
        .set({ ...auth, 'Idempotency-Key': key })
        .send({ selector: { region: 'ap-guangzhou', name: 'fleet-*' } });
      expect(other.status).toBe(422);

      const ended = await batchWhenEnded(batchId);
      expect(ended.state).toBe('FAILED');
      expect(ended.total, JSON.stringify(ended.error)).toBe(3);
      expect(ended.counts).toEqual({ PENDING: 0, RUNNING: 0, SUCCEEDED: 2, FAILED: 1 });
      expect(ended.failures).toEqual([
        expect.objectContaining({
          redisId: fleet[2]?.redisId,
          state: 'FAILED',
          error: expect.objectContaining({ code: expect.any(String) }),
        }),
      ]);
      const children = await eventually('three children listed', async () => {
        const { body } = await request(api.server).get(`/batches/${batchId}?limit=100`).set(auth).expect(200);
        return (body.children.items as unknown[]).length === 3
          ? (body.children.items as { redisId: string; state: string }[])
          : null;
      });
      expect(children.map((child) => child.redisId).sort()).toEqual(
        fleet
          .slice(0, 3)
          .map((item) => item.redisId)
          .sort(),
      );
      const page = await request(api.server).get(`/batches/${batchId}?limit=2`).set(auth).expect(200);
      expect(page.body.children.items).toHaveLength(2);
      const rest = await request(api.server)
        .get(`/batches/${batchId}?limit=2&cursor=${page.body.children.nextCursor as string}`)
        .set(auth)
        .expect(200);
      expect(rest.body.children.items).toHaveLength(1);

      // The last success per instance, for "no archive for 26 hours" alerts: the two that succeeded, not the failed one.
      const metrics = await eventually('the last-success metric', async () => {
        const { text } = await request(api.server).get('/metrics').expect(200);
        return fleet.slice(0, 2).every((item) => text.includes(`redis_id="${item.redisId}"`)) ? text : null;
      });
      for (const item of fleet.slice(0, 2)) {
        const line = metrics
          .split('\n')
          .find((row) =>
            row.startsWith(
              `crs_export_last_success_timestamp_seconds{redis_id="${item.redisId}",region="ap-guangzhou"}`,
            ),
          );
        const seconds = Number(line?.split(' ').at(-1));
        expect(Math.abs(seconds * 1000 - Date.now())).toBeLessThan(120_000);
      }
      expect(metrics).not.toContain(`redis_id="${fleet[2]?.redisId ?? ''}"`);

      expect((await request(api.server).post(`/batches/${batchId}/cancel`).set(auth).send({})).status).toBe(409);
      expect((await request(api.server).get('/batches/batch-doesnotexist00').set(auth)).status).toBe(404);

      const told = await eventually(
        'the batch event',
        async () =>
          events.find(
            (event) => event.type === 'batch.failed' && (event.data as { batchId?: string }).batchId === batchId,
          ) ?? null,
      );
      expect(told.data).toMatchObject({ total: 3, counts: { SUCCEEDED: 2, FAILED: 1 }, failuresOmitted: 0 });
      const log = await request(api.server).get(`/notifications?subject=${batchId}`).set(auth).expect(200);
      const deliveries = log.body.items as NotificationDelivery[];
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({
        endpoint: 'ops',
        eventType: 'batch.failed',
        state: 'DELIVERED',
        attemptCount: 1,
        subjectId: batchId,
      });
    },
  );
});

describe('schedules through the API', () => {
  const scheduleId = `nightly-${randomBytes(4).toString('hex')}`;

  it(
    'creates a nightly schedule in Beijing time, changes, pauses, resumes, triggers and deletes it',
    { timeout: 120_000 },
    async () => {
      const created = await request(api.server)
        .post('/schedules')
        .set(auth)
        .send({
          scheduleId,
          cron: ['0 3 * * *'],
          batch: {
            selector: { region: 'ap-guangzhou', name: 'fleet-*' },
            notify: ['ops'],
            destination: `${archiveUrl}/nightly`,
            retention: { keepDays: 30 },
          },
        });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const status = created.body as ScheduleStatus;
      expect(status.spec).toEqual({
        cron: ['0 3 * * *'],
        every: null,
        offset: null,
        timeZone: 'Asia/Shanghai',
        jitter: null,
      });
      expect(status.policy).toEqual({ overlap: 'SKIP', catchupWindow: '1h', pauseOnFailure: false });
      // 03:00 in Beijing is 19:00 UTC.
      expect(status.nextRunsAt.length).toBeGreaterThan(0);
      for (const next of status.nextRunsAt) expect(new Date(next).toISOString()).toMatch(/T19:00:00\.000Z$/);
      expect(status.batch).toMatchObject({ backup: 'latest', concurrency: 10, notify: { endpoints: ['ops'] } });

      expect(
        (
          await request(api.server)
            .post('/schedules')
            .set(auth)
            .send({ scheduleId, cron: ['0 3 * * *'], batch: payments })
        ).status,
      ).toBe(409);
      const badCron = await request(api.server)
        .post('/schedules')
        .set(auth)
        .send({ scheduleId: `${scheduleId}-x`, cron: ['99 3 * * *'], batch: payments });
      expect(badCron.status, JSON.stringify(api.logLines.slice(-3))).toBe(400);
      const noSpec = await request(api.server)
        .post('/schedules')
        .set(auth)
        .send({ scheduleId: `${scheduleId}-y`, batch: payments });
      expect(noSpec.status).toBe(400);
      expect(
        (
          await request(api.server)
            .post('/schedules')
            .set(auth)
            .send({ scheduleId: `${scheduleId}-z`, cron: ['0 3 * * *'], timeZone: 'Mars/Olympus', batch: payments })
        ).status,
      ).toBe(400);

      const listed = await request(api.server).get('/schedules').set(auth).expect(200);
      expect((listed.body.items as ScheduleStatus[]).map((item) => item.scheduleId)).toContain(scheduleId);

      const patched = await request(api.server)
        .patch(`/schedules/${scheduleId}`)
        .set(auth)
        .send({ jitter: '5m', overlap: 'BUFFER_ONE' });
      expect(patched.status).toBe(200);
      expect(patched.body.spec).toMatchObject({ cron: ['0 3 * * *'], jitter: '5m', timeZone: 'Asia/Shanghai' });
      expect(patched.body.policy).toMatchObject({ overlap: 'BUFFER_ONE' });

      const paused = await request(api.server)
        .post(`/schedules/${scheduleId}/pause`)
        .set(auth)
        .send({ note: 'bucket migration' });
      expect(paused.body).toMatchObject({ paused: true, note: 'bucket migration' });
      const resumed = await request(api.server).post(`/schedules/${scheduleId}/resume`).set(auth).send({});
      expect(resumed.body).toMatchObject({ paused: false });

      const triggered = await request(api.server).post(`/schedules/${scheduleId}/trigger`).set(auth).send({});
      expect(triggered.status).toBe(202);
      const batchId = triggered.body.triggeredBatchId as string;
      expect(batchId).toMatch(new RegExp(`^batch-${scheduleId}-`));
      const ended = await batchWhenEnded(batchId);
      expect(ended).toMatchObject({ scheduleId, total: 4, counts: { SUCCEEDED: 3, FAILED: 1 } });
      // The run's archives landed, one complete archive (manifest last) per instance that succeeded.
      const manifests = fleet
        .filter((_, index) => index !== 2)
        .map((instance) => join(archiveRoot, 'nightly', instance.redisId))
        .map((dir) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name, 'manifest.json')) : []));
      expect(manifests.map((found) => found.length)).toEqual([1, 1, 1]);
      for (const manifest of manifests.flat()) expect(existsSync(manifest), manifest).toBe(true);
      expect(ended.retention).toMatchObject({ dryRun: false, counts: { deleted: 0, kept: 3 } });
      const told = await eventually(
        'the schedule-run event',
        async () =>
          events.find(
            (event) => event.type === 'schedule.run.failed' && (event.data as { batchId?: string }).batchId === batchId,
          ) ?? null,
      );
      expect(told.data).toMatchObject({ scheduleId, total: 4 });
      const after = await request(api.server).get(`/schedules/${scheduleId}`).set(auth).expect(200);
      expect((after.body.recentRuns as { batchId: string }[]).map((run) => run.batchId)).toContain(batchId);

      expect((await request(api.server).delete(`/schedules/${scheduleId}`).set(auth)).status).toBe(204);
      expect((await request(api.server).get(`/schedules/${scheduleId}`).set(auth)).status).toBe(404);
    },
  );
});

describe('exports with a destination through the API', () => {
  it('refuses a destination outside the allowed ones and an unknown endpoint, naming the field', async () => {
    const target = { redisId: fleet[3]?.redisId, backupId: 'latest', region: 'ap-guangzhou' };
    const cases: [object, string, RegExp][] = [
      [{ ...target, destination: 'file:///etc' }, 'destination', /must lie inside one of the allowed destinations/],
      [{ ...target, destination: `${archiveUrl}/../escape` }, 'destination', /\.\.|allowed destinations/],
      [{ ...target, destination: 'ftp://host/x' }, 'destination', /file:\/\/|s3:\/\//],
      [{ ...target, notify: ['nobody'] }, 'notify', /unknown webhook endpoint "nobody"/],
    ];
    for (const [body, field, message] of cases) {
      const response = await request(api.server).post('/exports').set(auth).send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const errors = response.body.errors as { field: string; messages: string[] }[];
      expect(errors.find((error) => error.field === field)?.messages.join(' ')).toMatch(message);
    }
    expect(existsSync(join(archiveRoot, '..', 'escape'))).toBe(false);
  });

  it('archives into the destination asked for, shows the archive in the resource and tells the endpoint', async () => {
    const redisId = fleet[3]?.redisId ?? '';
    const started = await request(api.server)
      .post('/exports')
      .set(auth)
      .send({ redisId, backupId: 'latest', region: 'ap-guangzhou', destination: `${archiveUrl}/api`, notify: ['ops'] });
    expect(started.status).toBe(201);
    const exportId = started.body.exportId as string;
    const ended = await eventually(`export ${exportId} to end`, async () => {
      const { body } = await request(api.server).get(`/exports/${exportId}`).set(auth).expect(200);
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes((body as ExportStatus).state)
        ? (body as ExportStatus)
        : null;
    });
    expect(ended.state, JSON.stringify(ended.error)).toBe('SUCCEEDED');
    expect(ended.archive).toMatchObject({ state: 'COMPLETE', files: [{ name: 'shard-1.rdb', state: 'VERIFIED' }] });
    expect(ended.archive?.location.startsWith(`${archiveUrl}/api/${redisId}/`)).toBe(true);
    expect(existsSync(new URL(ended.archive?.manifest ?? 'file:///nowhere').pathname)).toBe(true);
    const told = await eventually(
      'the export event',
      async () => events.find((event) => event.type === 'export.succeeded' && event.data.exportId === exportId) ?? null,
    );
    expect(told.data).toMatchObject({ archive: { state: 'COMPLETE', manifest: ended.archive?.manifest } });
  });
});

describe('notifications through the API', () => {
  it('sends a test event to a configured endpoint, and refuses an unknown one', async () => {
    const before = events.length;
    const sent = await request(api.server).post('/notifications/test').set(auth).send({ endpoint: 'ops' });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ endpoint: 'ops', eventType: 'test', attemptCount: 1 });
    expect(sent.body.attempts[0]).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(events.slice(before).map((event) => event.type)).toEqual(['test']);
    const unknown = await request(api.server).post('/notifications/test').set(auth).send({ endpoint: 'nobody' });
    expect(unknown.status).toBe(400);
    const one = await request(api.server)
      .get(`/notifications/${sent.body.deliveryId as string}`)
      .set(auth)
      .expect(200);
    expect(one.body.deliveryId).toBe(sent.body.deliveryId);
  });
});
