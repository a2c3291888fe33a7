// End to end: webhooks on the end of an export, delivered by the deliverNotification workflow on a real
// Temporal server: signed and verified by the receiver, a replay not taken twice, a tampered body refused,
// and an endpoint that is down for a while getting the event once it is back.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationIdOf, type NotificationDelivery } from '@crs-export/contracts';
import {
  createWebhookReceiver,
  WebhookEndpoints,
  webhookEndpoint,
  WebhookSecret,
  type WebhookEvent,
  type WebhookReceiverVerdict,
} from '@crs-export/notifications';
import { deliveryStatusQuery } from '@crs-export/workflows';
import { openExportHarness, outcomeOf, type ExportHarness, type ExportHandle } from './support/export-harness';
import { saveHistoryFixture } from './support/history-fixtures';
import { useV3Scenario } from './support/v3-scenario';

const SECRET = 'whsec-test-0123456789abcdef';

/** A port nothing listens on yet: the endpoint is "down" until a receiver is started on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  verdict: WebhookReceiverVerdict;
}

/** The product's receiver behind a server that also keeps each raw delivery, so that the test can replay one. */
async function startReceiver(port: number): Promise<{ received: Received[]; events: WebhookEvent[]; server: Server }> {
  const events: WebhookEvent[] = [];
  const received: Received[] = [];
  const receiver = createWebhookReceiver({ secret: SECRET, onEvent: (event) => void events.push(event) });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      void receiver.receive({ headers: request.headers, body }).then((verdict) => {
        received.push({ headers: request.headers, body, verdict });
        response.writeHead(verdict.status, { 'content-type': 'application/json' }).end('{}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { received, events, server };
}

async function post(port: number, headers: IncomingHttpHeaders, body: Buffer): Promise<number> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) sent[name] = value;
  }
  const response = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: sent, body });
  return response.status;
}

async function eventually<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let harness: ExportHarness;
let port: number;
beforeAll(async () => {
  port = await freePort();
  const endpoints = new WebhookEndpoints([
    webhookEndpoint({ name: 'ops', url: `http://127.0.0.1:${port}/hook`, secrets: [new WebhookSecret(SECRET)] }),
  ]);
  harness = await openExportHarness({ api: 3, notifications: { endpoints } });
});
afterAll(async () => harness?.close());

/** The delivery log of the export's notification to `ops`, once its child has started. */
async function deliveryOf(handle: ExportHandle): Promise<NotificationDelivery> {
  const description = await handle.describe();
  const id = notificationIdOf(handle.workflowId, description.runId, 'ops');
  return harness.client.workflow.getHandle(id).query(deliveryStatusQuery);
}

describe('a webhook', () => {
  it(
    'tells the end of an export, signed: verified by the receiver, a replay not taken again, a forgery refused',
    { timeout: 90_000 },
    async () => {
      const receiver = await startReceiver(port);
      try {
        const target = useV3Scenario(harness.sim, { engine: 'Redis 7.0', shardNum: 3 });
        const { status, delivery } = await harness.run(
          {
            redisId: target.redisId,
            backupId: target.backupIds[0] ?? '',
            region: target.region,
            notify: { endpoints: ['ops'] },
          },
          async (handle) => {
            const ended = await outcomeOf(handle);
            const delivered = await eventually('the delivery', async () => {
              const log = await deliveryOf(handle);
              return log.state === 'DELIVERED' ? log : null;
            });
            await saveHistoryFixture('notified', handle);
            const description = await handle.describe();
            const delivery = harness.client.workflow.getHandle(
              notificationIdOf(handle.workflowId, description.runId, 'ops'),
            );
            await delivery.result();
            await saveHistoryFixture('notification-delivered', delivery);
            return { status: ended, delivery: delivered };
          },
        );
        expect(status.state).toBe('SUCCEEDED');
        expect(delivery).toMatchObject({ endpoint: 'ops', eventType: 'export.succeeded', attemptCount: 1 });
        expect(delivery.attempts[0]).toMatchObject({ outcome: 'delivered', status: 200 });

        expect(receiver.events).toHaveLength(1);
        const [event] = receiver.events;
        expect(event?.id).toBe(delivery.eventId);
        expect(event).toMatchObject({
          type: 'export.succeeded',
          data: { exportId: status.exportId, redisId: target.redisId, state: 'SUCCEEDED', shardCount: 3 },
        });
        const [first] = receiver.received;
        if (!first) throw new Error('nothing received');
        expect(first.verdict.outcome).toBe('accepted');
        // The event never carries a download URL (they are bearer secrets).
        for (const file of status.files ?? []) {
          expect(first.body.toString('utf8')).not.toContain(new URL(file.extranetUrl).pathname);
        }
        expect(first.body.toString('utf8')).not.toMatch(/sign=|q-signature|X-Amz-Signature/i);

        // A captured delivery sent again is authentic but not taken again.
        expect(await post(port, first.headers, first.body)).toBe(200);
        expect(receiver.received.at(-1)?.verdict).toMatchObject({ outcome: 'duplicate' });
        expect(receiver.events).toHaveLength(1);
        // The same signature over another body is refused.
        const forged = Buffer.from(first.body.toString('utf8').replace('SUCCEEDED', 'FAILED'));
        expect(await post(port, first.headers, forged)).toBe(401);
        expect(receiver.received.at(-1)?.verdict).toMatchObject({ outcome: 'refused', failure: 'signature-mismatch' });
        expect(receiver.events).toHaveLength(1);
      } finally {
        receiver.server.close();
      }
    },
  );

  it(
    'reaches an endpoint that was down for a while once it is back, with each attempt logged',
    { timeout: 120_000 },
    async () => {
      const target = useV3Scenario(harness.sim, { engine: 'Redis 7.0', shardNum: 3 });
      const result = await harness.run(
        {
          redisId: target.redisId,
          // No such backup: the export fails, and only failures are told.
          backupId: '999999999999999999999999',
          region: target.region,
          notify: { endpoints: ['ops'], on: ['FAILED'] },
        },
        async (handle) => {
          const ended = await outcomeOf(handle);
          // Down: two attempts fail without an answer, the next one is scheduled.
          const failing = await eventually('two failed attempts', async () => {
            const log = await deliveryOf(handle);
            return log.attemptCount >= 2 ? log : null;
          });
          const receiver = await startReceiver(port);
          try {
            const delivered = await eventually('the delivery once the endpoint is back', async () => {
              const log = await deliveryOf(handle);
              return log.state === 'DELIVERED' ? log : null;
            });
            return { ended, failing, delivered, events: receiver.events };
          } finally {
            receiver.server.close();
          }
        },
      );
      expect(result.ended.state).toBe('FAILED');
      expect(result.failing.state).toBe('DELIVERING');
      expect(result.failing.attempts.slice(0, 2).map((attempt) => [attempt.outcome, attempt.status])).toEqual([
        ['retry', null],
        ['retry', null],
      ]);
      expect(result.failing.nextAttemptAt).not.toBeNull();
      expect(result.delivered.attemptCount).toBeGreaterThanOrEqual(3);
      expect(result.delivered.attempts.at(-1)).toMatchObject({ outcome: 'delivered', status: 200 });
      expect(result.events.map((event) => event.type)).toEqual(['export.failed']);
      expect(result.events[0]?.data).toMatchObject({ exportId: result.ended.exportId, state: 'FAILED' });
    },
  );
});
