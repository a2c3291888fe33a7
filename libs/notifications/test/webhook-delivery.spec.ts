// Delivery against a real local HTTP server: what is sent, and how each answer (or none) is classified.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestEvent,
  deliverWebhook,
  deliveryOutcomeOf,
  verifyWebhook,
  WebhookSecret,
  webhookEndpoint,
  type WebhookEndpoint,
} from '../src';

const SECRET = 'delivery-secret-0123456789';
const event = buildTestEvent({ endpointName: 'local', id: 'evt_delivery_test', now: new Date('2026-01-01T00:00:00Z') });

interface Received {
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
let received: Received[] = [];
/** What the server answers for each path. */
const routes: Record<string, (response: ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(204).end(),
  '/fail': (res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal\n\terror   at line 3'),
  '/gone': (res) => res.writeHead(410).end('this hook was deleted'),
  '/bad': (res) => res.writeHead(400).end('no'),
  '/busy': (res) => res.writeHead(429, { 'Retry-After': '30' }).end(),
  '/moved': (res) => res.writeHead(302, { Location: 'https://elsewhere.example/' }).end(),
  '/echo': (res) =>
    res.writeHead(500).end(`bad secret ${SECRET} for https://x.example/hook?token=abc ${'x'.repeat(2000)}`),
  '/hang': () => undefined, // never answers
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function endpoint(path: string, timeoutMs = 5_000): WebhookEndpoint {
  return webhookEndpoint({ name: 'local', url: `${baseUrl}${path}`, secrets: [new WebhookSecret(SECRET)], timeoutMs });
}

describe('deliverWebhook', () => {
  it('POSTs the event as JSON with the signature, id, type and user agent headers; 2xx is delivered', async () => {
    received = [];
    const now = new Date('2026-01-01T00:00:30Z');
    const result = await deliverWebhook({ endpoint: endpoint('/ok'), event, now });
    expect(result).toMatchObject({
      endpoint: 'local',
      eventId: event.id,
      status: 204,
      outcome: 'delivered',
      detail: 'HTTP 204',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['user-agent']).toBe('crs-export-webhooks/1');
    expect(request?.headers['crs-export-event-id']).toBe(event.id);
    expect(request?.headers['crs-export-event-type']).toBe('test');
    expect(JSON.parse(request?.body ?? '')).toEqual(event);
    const header = request?.headers['crs-export-signature'] as string;
    expect(header).toMatch(/^t=1767225630,v1=[0-9a-f]{64}$/);
    const verified = await verifyWebhook({ secret: SECRET, header, body: request?.body ?? '', now });
    expect(verified.ok).toBe(true);
  });

  it('signs with every active secret of the endpoint', async () => {
    received = [];
    const rotating = webhookEndpoint({
      name: 'local',
      url: `${baseUrl}/ok`,
      secrets: [new WebhookSecret(SECRET), new WebhookSecret('the-next-secret-abcdef')],
    });
    await deliverWebhook({ endpoint: rotating, event });
    const header = received[0]?.headers['crs-export-signature'] as string;
    expect(header.split(',').filter((part) => part.startsWith('v1='))).toHaveLength(2);
    const body = received[0]?.body ?? '';
    expect((await verifyWebhook({ secret: 'the-next-secret-abcdef', header, body })).ok).toBe(true);
  });

  it('asks for a retry on 500, with a one-line snippet of the answer', async () => {
    const result = await deliverWebhook({ endpoint: endpoint('/fail'), event });
    expect(result).toMatchObject({ status: 500, outcome: 'retry', detail: 'HTTP 500: internal error at line 3' });
  });

  it('asks for a retry on 429 and passes on its Retry-After', async () => {
    const result = await deliverWebhook({ endpoint: endpoint('/busy'), event });
    expect(result).toMatchObject({ status: 429, outcome: 'retry', retryAfterMs: 30_000 });
  });

  it('stops on 410 Gone and on other 4xx', async () => {
    expect(await deliverWebhook({ endpoint: endpoint('/gone'), event })).toMatchObject({
      status: 410,
      outcome: 'rejected',
      detail: 'HTTP 410: this hook was deleted',
    });
    expect(await deliverWebhook({ endpoint: endpoint('/bad'), event })).toMatchObject({
      status: 400,
      outcome: 'rejected',
    });
  });

  it('does not follow a redirect', async () => {
    received = [];
    const result = await deliverWebhook({ endpoint: endpoint('/moved'), event });
    expect(result).toMatchObject({ status: 302, outcome: 'rejected', detail: 'HTTP 302 (redirects are not followed)' });
    expect(received).toHaveLength(1);
  });

  it('asks for a retry when no answer comes within the timeout', async () => {
    const result = await deliverWebhook({ endpoint: endpoint('/hang', 200), event });
    expect(result).toMatchObject({ status: null, outcome: 'retry', detail: 'no answer within 200 ms' });
  });

  it('asks for a retry when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = webhookEndpoint({
      name: 'down',
      url: `http://127.0.0.1:${port}/`,
      secrets: [new WebhookSecret(SECRET)],
    });
    const result = await deliverWebhook({ endpoint: refused, event });
    expect(result).toMatchObject({ status: null, outcome: 'retry', detail: 'network error (ECONNREFUSED)' });
  });

  it('rejects with the caller’s reason when its signal aborts (an activity cancelled)', async () => {
    const controller = new AbortController();
    const delivery = deliverWebhook({ endpoint: endpoint('/hang'), event, signal: controller.signal });
    const reason = new Error('activity cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(delivery).rejects.toBe(reason);
  });

  it('never returns the secret, a URL’s query or a long answer', async () => {
    const result = await deliverWebhook({ endpoint: endpoint('/echo'), event });
    const text = [JSON.stringify(result), inspect(result)].join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('token=abc');
    expect(result.detail).toContain('bad secret [redacted] for https://x.example/…');
    expect(result.detail.length).toBeLessThanOrEqual(140);
  });
});

describe('deliveryOutcomeOf', () => {
  it.each([
    [200, 'delivered'],
    [299, 'delivered'],
    [301, 'rejected'],
    [400, 'rejected'],
    [401, 'rejected'],
    [404, 'rejected'],
    [408, 'retry'],
    [410, 'rejected'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ] as const)('classifies %i as %s', (status, outcome) => {
    expect(deliveryOutcomeOf(status)).toBe(outcome);
  });
});
