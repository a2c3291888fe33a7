// The receiver end to end: deliveries from deliverWebhook to a served receiver, taken once each.
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildTestEvent,
  createWebhookReceiver,
  deliverWebhook,
  serveWebhookReceiver,
  signWebhook,
  WebhookSecret,
  webhookEndpoint,
  type ServedWebhookReceiver,
  type WebhookEvent,
  type WebhookReceiverOptions,
} from '../src';

const SECRET = 'receiver-secret-0123456789';
const served: ServedWebhookReceiver[] = [];

afterEach(async () => {
  await Promise.all(served.splice(0).map((server) => server.close()));
});

type ReceiverSettings = Pick<WebhookReceiverOptions, 'onEvent' | 'maxBodyBytes'> & { secrets?: string[] };

async function receiverAt(options: ReceiverSettings = {}): Promise<{ url: string; events: WebhookEvent[] }> {
  const events: WebhookEvent[] = [];
  const receiver = createWebhookReceiver({
    secrets: options.secrets ?? [SECRET],
    maxBodyBytes: options.maxBodyBytes,
    onEvent:
      options.onEvent ??
      ((event) => {
        events.push(event);
      }),
  });
  const server = await serveWebhookReceiver(receiver);
  served.push(server);
  return { url: server.url, events };
}

function endpointAt(url: string, secret = SECRET): ReturnType<typeof webhookEndpoint> {
  return webhookEndpoint({ name: 'receiver', url, secrets: [new WebhookSecret(secret)], timeoutMs: 5_000 });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('createWebhookReceiver', () => {
  it('takes a delivery once: the redelivery is answered 200 and not processed again', async () => {
    const { url, events } = await receiverAt();
    const event = buildTestEvent({ endpointName: 'receiver' });
    const first = await deliverWebhook({ endpoint: endpointAt(url), event });
    const second = await deliverWebhook({ endpoint: endpointAt(url), event });
    expect(first).toMatchObject({ status: 200, outcome: 'delivered' });
    expect(second).toMatchObject({ status: 200, outcome: 'delivered' });
    expect(second.detail).toContain('duplicate');
    expect(events).toEqual([event]);
  });

  it('refuses a replayed delivery: the same bytes and signature sent again', async () => {
    const { url, events } = await receiverAt();
    const body = JSON.stringify(buildTestEvent({ endpointName: 'receiver' }));
    const header = signWebhook({ secret: SECRET, timestamp: Math.floor(Date.now() / 1000), body });
    const first = await post(url, body, { 'Crs-Export-Signature': header });
    const replay = await post(url, body, { 'Crs-Export-Signature': header });
    expect(first.status).toBe(200);
    expect(await replay.json()).toMatchObject({ outcome: 'duplicate' });
    expect(events).toHaveLength(1);
  });

  it('refuses a delivery signed with another secret with 401, so the sender stops', async () => {
    const { url, events } = await receiverAt();
    const result = await deliverWebhook({
      endpoint: endpointAt(url, 'not-the-receivers-secret-00'),
      event: buildTestEvent({ endpointName: 'receiver' }),
    });
    expect(result).toMatchObject({ status: 401, outcome: 'rejected' });
    expect(events).toHaveLength(0);
  });

  it('accepts the new secret and the old one during a rotation', async () => {
    const { url, events } = await receiverAt({ secrets: [SECRET, 'the-new-receiver-secret-01'] });
    const oldSigned = await deliverWebhook({ endpoint: endpointAt(url), event: buildTestEvent({ endpointName: 'r' }) });
    const newSigned = await deliverWebhook({
      endpoint: endpointAt(url, 'the-new-receiver-secret-01'),
      event: buildTestEvent({ endpointName: 'r' }),
    });
    expect([oldSigned.outcome, newSigned.outcome]).toEqual(['delivered', 'delivered']);
    expect(events).toHaveLength(2);
  });

  it('refuses an event id header that differs from the signed body, and still takes the real delivery', async () => {
    const { url, events } = await receiverAt();
    const event = buildTestEvent({ endpointName: 'receiver' });
    const body = JSON.stringify(event);
    const header = signWebhook({ secret: SECRET, timestamp: Math.floor(Date.now() / 1000), body });
    const mismatched = await post(url, body, { 'Crs-Export-Signature': header, 'Crs-Export-Event-Id': 'evt_other' });
    expect(mismatched.status).toBe(400);
    const real = await post(url, body, { 'Crs-Export-Signature': header, 'Crs-Export-Event-Id': event.id });
    expect(real.status).toBe(200);
    expect(events).toEqual([event]);
  });

  it('answers 500 when its handler fails, and takes the redelivery', async () => {
    let failures = 1;
    const taken: string[] = [];
    const { url } = await receiverAt({
      onEvent: (event) => {
        if (failures-- > 0) throw new Error('alerting is down');
        taken.push(event.id);
      },
    });
    const event = buildTestEvent({ endpointName: 'receiver' });
    expect(await deliverWebhook({ endpoint: endpointAt(url), event })).toMatchObject({ status: 500, outcome: 'retry' });
    expect(await deliverWebhook({ endpoint: endpointAt(url), event })).toMatchObject({ status: 200 });
    expect(taken).toEqual([event.id]);
  });

  it('refuses a request that is not a POST, an unsigned one and one too large', async () => {
    const { url } = await receiverAt({ maxBodyBytes: 1024 });
    expect((await fetch(url)).status).toBe(405);
    expect((await post(url, '{}', {})).status).toBe(401);
    const big = await post(url, 'x'.repeat(4096), { 'Crs-Export-Signature': 't=1,v1=00' });
    expect(big.status).toBe(413);
  });

  it('gives its verdict as a function of headers and body too', async () => {
    const receiver = createWebhookReceiver({ secret: SECRET });
    const body = JSON.stringify(buildTestEvent({ endpointName: 'receiver' }));
    const header = signWebhook({ secret: SECRET, timestamp: Math.floor(Date.now() / 1000), body });
    const verdict = await receiver.receive({ headers: { 'CRS-EXPORT-SIGNATURE': header }, body });
    expect(verdict).toMatchObject({ outcome: 'accepted', status: 200, failure: null });
    const stale = signWebhook({ secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600, body });
    expect(await receiver.receive({ headers: { 'crs-export-signature': stale }, body })).toMatchObject({
      outcome: 'refused',
      status: 401,
      failure: 'timestamp-outside-tolerance',
    });
  });
});
