// Authentication comes before bodies: a request without a valid key is answered 401 (or 403 without the scope)
// before its body is read, whatever the body, and counts against the rate limit, which is kept per key id for
// valid keys and per client address otherwise (X-Forwarded-For only from trusted proxies). Real Temporal; no worker.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiKeyToken, testTemporalAddress, writeTestApiKeys, type TestApiKeysFile } from '@crs-export/testing';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';

const READER = testApiKeyToken('auth-bodies-reader');
const EXPORTER = testApiKeyToken('auth-bodies-exporter');
const OTHER_EXPORTER = testApiKeyToken('auth-bodies-other-exporter');
const started: ApiTestApp[] = [];
let keys: TestApiKeysFile;

beforeAll(async () => {
  keys = await writeTestApiKeys([
    { token: READER, scopes: ['read'] },
    { token: EXPORTER, scopes: ['read', 'export'] },
    { token: OTHER_EXPORTER, scopes: ['read', 'export'] },
  ]);
});

afterAll(async () => {
  await Promise.all(started.map((api) => api.close()));
});

async function startApi(env: Record<string, string> = {}): Promise<ApiTestApp> {
  const api = await startApiTestApp({
    ...keys.env,
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_TASK_QUEUE: `auth-bodies-${randomUUID()}`,
    ...env,
  });
  started.push(api);
  return api;
}

const typeOf = (response: request.Response): string => (response.body as { type: string }).type;

/** Sends the head of a POST and part of its body, then waits for whatever the server answers first. */
async function answerToPartialBody(
  api: ApiTestApp,
  headers: Record<string, string>,
  declaredLength: number,
  sentBody: string,
): Promise<{ socket: Socket; firstAnswer: Promise<string> }> {
  const address = api.server.address() as { port: number };
  const socket = connect(address.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const firstAnswer = new Promise<string>((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    // Long enough for a loaded machine; an API that waits for the body never answers at all.
    setTimeout(() => resolve('no answer within 10 s'), 10_000).unref();
  });
  const head = Object.entries({
    Host: '127.0.0.1',
    'Content-Type': 'application/json',
    'Content-Length': String(declaredLength),
    ...headers,
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`POST /exports HTTP/1.1\r\n${head}\r\n${sentBody}`);
  return { socket, firstAnswer };
}

describe('authentication before bodies', () => {
  it('answers 401 to unauthenticated requests whatever their body, counts them, and the third gets 429', async () => {
    const api = await startApi({ API_RATE_LIMIT_PER_MINUTE: '2' });
    const malformed = await request(api.server)
      .post('/exports')
      .set('Content-Type', 'application/json')
      .send('{"redisId":');
    const huge = await request(api.server)
      .post('/exports')
      .set('Authorization', 'Bearer not-a-key')
      .send({ padding: 'x'.repeat(api.config.api.bodyLimitBytes * 4) });
    const wrongType = await request(api.server)
      .post('/exports')
      .set('Content-Type', 'text/plain')
      .send('redisId=crs-j30wibe7');
    expect([malformed.status, huge.status, wrongType.status]).toEqual([401, 401, 429]);
    expect([typeOf(malformed), typeOf(huge), typeOf(wrongType)]).toEqual([
      'urn:crs-export:problem:unauthorized',
      'urn:crs-export:problem:unauthorized',
      'urn:crs-export:problem:rate-limited',
    ]);
    expect(Number(wrongType.headers['retry-after'])).toBeGreaterThan(0);
    // Health stays open and outside the limit.
    expect((await request(api.server).get('/healthz')).status).toBe(200);
  });

  it('answers 401 and 403 before the body has arrived, and reads the body only of an allowed request', async () => {
    const api = await startApi();
    const partial = '{"redisId":"crs-';
    for (const [headers, status] of [
      [{}, '401'],
      [{ Authorization: `Bearer ${testApiKeyToken('auth-bodies-unknown')}` }, '401'],
      [{ Authorization: `Bearer ${READER}` }, '403'],
    ] as const) {
      // The declared body never comes: an answer at all shows the body was not waited for.
      const { socket, firstAnswer } = await answerToPartialBody(api, headers, 5_000, partial);
      expect((await firstAnswer).split('\r\n')[0]).toBe(
        `HTTP/1.1 ${status} ${status === '401' ? 'Unauthorized' : 'Forbidden'}`,
      );
      socket.destroy();
    }
    const { socket, firstAnswer } = await answerToPartialBody(
      api,
      { Authorization: `Bearer ${EXPORTER}` },
      40,
      partial,
    );
    const early = await Promise.race([firstAnswer, new Promise((resolve) => setTimeout(() => resolve(null), 300))]);
    expect(early).toBeNull();
    socket.write('x'.repeat(40 - partial.length));
    expect((await firstAnswer).split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    socket.destroy();
  });
});

describe('the rate limit', () => {
  it('is kept per key id: one key over its limit leaves another key and unauthenticated callers their own', async () => {
    const api = await startApi({ API_RATE_LIMIT_PER_MINUTE: '2' });
    const get = (token: string | null) => {
      const call = request(api.server).get('/exports?limit=1');
      return (token === null ? call : call.set('Authorization', `Bearer ${token}`)).then((response) => response.status);
    };
    expect([await get(EXPORTER), await get(EXPORTER), await get(EXPORTER)]).toEqual([200, 200, 429]);
    expect(await get(OTHER_EXPORTER)).toBe(200);
    expect([await get(null), await get(null)]).toEqual([401, 401]);
    // A made-up key counts against the address, like no key: inventing keys does not escape the limit.
    expect(await get(testApiKeyToken('auth-bodies-invented'))).toBe(429);
    expect(await get(OTHER_EXPORTER)).toBe(200);
  });

  it('ignores X-Forwarded-For unless API_TRUST_PROXY trusts the proxy it comes from', async () => {
    const fromClient = async (api: ApiTestApp, address: string): Promise<number> =>
      (await request(api.server).get('/exports').set('X-Forwarded-For', address)).status;
    const untrusted = await startApi({ API_RATE_LIMIT_PER_MINUTE: '2' });
    expect([
      await fromClient(untrusted, '203.0.113.1'),
      await fromClient(untrusted, '203.0.113.2'),
      await fromClient(untrusted, '203.0.113.3'),
    ]).toEqual([401, 401, 429]);
    const otherRange = await startApi({ API_RATE_LIMIT_PER_MINUTE: '2', API_TRUST_PROXY: '10.0.0.0/8' });
    expect([
      await fromClient(otherRange, '203.0.113.1'),
      await fromClient(otherRange, '203.0.113.2'),
      await fromClient(otherRange, '203.0.113.3'),
    ]).toEqual([401, 401, 429]);
    for (const trust of ['loopback', '1']) {
      const behindProxy = await startApi({ API_RATE_LIMIT_PER_MINUTE: '2', API_TRUST_PROXY: trust });
      expect(
        [
          await fromClient(behindProxy, '203.0.113.1'),
          await fromClient(behindProxy, '203.0.113.1'),
          await fromClient(behindProxy, '203.0.113.1'),
          await fromClient(behindProxy, '203.0.113.2'),
        ],
        trust,
      ).toEqual([401, 401, 429, 401]);
    }
  });
});
