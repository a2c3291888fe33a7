// The HTTP contract without a worker: auth, validation, problem+json, body limits, rate limits, 503,
// OpenAPI. A real Temporal dev server answers; no worker runs, so no export gets past VALIDATING.
import { randomUUID } from 'node:crypto';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIdFor } from '@crs-export/contracts';
import { testTemporalAddress } from '@crs-export/testing';
import { ProblemDetailsFilter } from '../src/problems/problem-details.filter';
import { createApiLogger } from '../src/core/api-logger';
import { auth, OTHER_API_KEY, startApiTestApp, TEST_API_KEY, type ApiTestApp } from './support/api-test-app';

const taskQueue = `api-http-${randomUUID()}`;
let api: ApiTestApp;

const newBackupId = (): string => randomUUID();
const problemOf = (response: request.Response) =>
  response.body as { type: string; status: number; errors?: { field: string }[] };

beforeAll(async () => {
  api = await startApiTestApp({ TEMPORAL_ADDRESS: testTemporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue });
});

afterAll(async () => {
  await api?.close();
});

describe('authentication', () => {
  it('answers 401 problem+json without a key, with a wrong key and with another scheme', async () => {
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong-key-0123456789abcdef' },
      { Authorization: `Basic ${TEST_API_KEY}` },
    ]) {
      const response = await request(api.server).get('/exports').set(headers);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(problemOf(response)).toMatchObject({
        type: 'urn:crs-export:problem:unauthorized',
        status: 401,
        instance: '/exports',
      });
    }
  });

  it('accepts every configured key', async () => {
    for (const key of [TEST_API_KEY, OTHER_API_KEY]) {
      expect((await request(api.server).get('/exports?limit=1').set('Authorization', `Bearer ${key}`)).status).toBe(
        200,
      );
    }
  });

  it('leaves health, metrics and docs open', async () => {
    expect((await request(api.server).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(api.server).get('/readyz')).body).toEqual({ status: 'ready' });
    expect((await request(api.server).get('/metrics')).status).toBe(200);
    expect((await request(api.server).get('/docs')).status).toBe(200);
    expect((await request(api.server).get('/openapi.json')).status).toBe(200);
  });
});

describe('POST /exports', () => {
  it('starts an export: 201, Location, the resource in VALIDATING with a Temporal UI link', async () => {
    const backupId = newBackupId();
    const response = await request(api.server).post('/exports').set(auth).send({ redisId: 'crs-j30wibe7', backupId });
    const exportId = exportIdFor('crs-j30wibe7', backupId);
    expect(response.status).toBe(201);
    expect(response.headers['location']).toBe(`/exports/${exportId}`);
    expect(response.body).toMatchObject({
      exportId,
      redisId: 'crs-j30wibe7',
      backupId,
      region: 'gz',
      state: 'VALIDATING',
      taskId: null,
      polls: 0,
      requestedBackup: expect.any(String),
      backup: null,
      files: null,
      error: null,
      links: { temporalUi: `http://127.0.0.1:8233/namespaces/default/workflows/${exportId}` },
    });
    await api.client.workflow.getHandle(exportId).terminate('test over');
  });

  it.each([
    [{ redisId: 'crs-J30WIBE7', backupId: newBackupId() }, ['redisId']],
    [{ redisId: 'crs-j30wibe7', backupId: 'not-a-uuid' }, ['backupId']],
    [{ redisId: 'crs-j30wibe7', backupId: newBackupId(), region: 'mars' }, ['region']],
    [{ redisId: 'crs-j30wibe7', backupId: newBackupId(), priority: 'high' }, ['priority']],
    [{ redisId: 42 }, ['redisId', 'backupId']],
  ])('answers 400 with field errors for %j', async (body, fields) => {
    const response = await request(api.server).post('/exports').set(auth).send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(response).type).toBe('urn:crs-export:problem:validation-error');
    expect(
      problemOf(response)
        .errors?.map((error) => error.field)
        .sort(),
    ).toEqual([...fields].sort());
  });

  it('starts a new export of `latest` on every POST without an Idempotency-Key, each with an ID of its own', async () => {
    const body = { redisId: 'crs-j30wibe7', backupId: 'latest' };
    const first = await request(api.server).post('/exports').set(auth).send(body);
    const second = await request(api.server).post('/exports').set(auth).send(body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.exportId).toMatch(/^export-crs-j30wibe7-latest-[a-z0-9]{16,32}$/);
    expect(second.body.exportId).not.toBe(first.body.exportId);
    expect(first.body).toMatchObject({ requestedBackup: 'latest', backupId: 'latest', state: 'VALIDATING' });
    const got = await request(api.server)
      .get(`/exports/${first.body.exportId as string}`)
      .set(auth);
    expect(got.status).toBe(200);
    for (const id of [first.body.exportId, second.body.exportId] as string[]) {
      await api.client.workflow.getHandle(id).terminate('test over');
    }
  });

  it('answers the same export for the same Idempotency-Key, also after it ended, and 422 for another request', async () => {
    const key = `nightly-${randomUUID()}`;
    const body = { redisId: 'crs-j30wibe7', backupId: 'new', remark: 'before the migration', storageDays: 7 };
    const first = await request(api.server).post('/exports').set(auth).set('Idempotency-Key', key).send(body);
    const again = await request(api.server).post('/exports').set(auth).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.exportId).toBe(first.body.exportId);
    expect(first.body.exportId).toMatch(/^export-crs-j30wibe7-new-/);
    await api.client.workflow.getHandle(first.body.exportId as string).terminate('test over');
    const afterEnd = await request(api.server).post('/exports').set(auth).set('Idempotency-Key', key).send(body);
    expect(afterEnd.status).toBe(200);
    expect(afterEnd.body).toMatchObject({ exportId: first.body.exportId, state: 'FAILED' });
    const other = await request(api.server)
      .post('/exports')
      .set(auth)
      .set('Idempotency-Key', key)
      .send({ ...body, remark: 'something else' });
    expect(other.status).toBe(422);
    expect(problemOf(other).type).toBe('urn:crs-export:problem:idempotency-key-conflict');
    // The same key from another API key is another caller's: a new export.
    const otherCaller = await request(api.server)
      .post('/exports')
      .set('Authorization', `Bearer ${OTHER_API_KEY}`)
      .set('Idempotency-Key', key)
      .send(body);
    expect(otherCaller.status).toBe(201);
    expect(otherCaller.body.exportId).not.toBe(first.body.exportId);
    await api.client.workflow.getHandle(otherCaller.body.exportId as string).terminate('test over');
  });

  it.each([
    [{ redisId: 'crs-j30wibe7', backupId: 'latest', remark: 'x' }, ['remark']],
    [{ redisId: 'crs-j30wibe7', backupId: newBackupId(), storageDays: 3 }, ['storageDays']],
    [{ redisId: 'crs-j30wibe7', backupId: 'new', storageDays: 5000 }, ['storageDays']],
  ])('refuses new-backup options that do not apply: %j', async (body, fields) => {
    const response = await request(api.server).post('/exports').set(auth).send(body);
    expect(response.status).toBe(400);
    expect(problemOf(response).errors?.map((error) => error.field)).toEqual(fields);
  });

  it('refuses an Idempotency-Key that is not printable ASCII', async () => {
    const response = await request(api.server)
      .post('/exports')
      .set(auth)
      .set('Idempotency-Key', 'a b')
      .send({ redisId: 'crs-j30wibe7', backupId: 'latest' });
    expect(response.status).toBe(400);
    expect(problemOf(response).errors?.map((error) => error.field)).toEqual(['Idempotency-Key']);
  });

  it('refuses fields named like Object.prototype members, as it refuses any unknown field', async () => {
    for (const field of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const body = `{"redisId":"crs-j30wibe7","backupId":"${newBackupId()}","${field}":{"polluted":true}}`;
      const response = await request(api.server)
        .post('/exports')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status, field).toBe(400);
      expect(problemOf(response).type).toBe('urn:crs-export:problem:validation-error');
      expect(problemOf(response).errors?.map((error) => error.field)).toEqual([field]);
    }
  });

  it('answers 400 for malformed JSON and for JSON that is not an object', async () => {
    for (const body of ['{"redisId":', '[1,2]', '"text"']) {
      const response = await request(api.server)
        .post('/exports')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(problemOf(response)).toMatchObject({
        type: 'urn:crs-export:problem:malformed-body',
        instance: '/exports',
      });
    }
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await request(api.server)
      .post('/exports')
      .set(auth)
      .set('Content-Type', 'text/plain')
      .send('redisId=crs-j30wibe7');
    expect(response.status).toBe(415);
    expect(problemOf(response).type).toBe('urn:crs-export:problem:unsupported-media-type');
  });

  it('answers 413 for a body over the configured limit', async () => {
    const padding = 'x'.repeat(api.config.api.bodyLimitBytes + 1);
    const response = await request(api.server).post('/exports').set(auth).send({ redisId: 'crs-j30wibe7', padding });
    expect(response.status).toBe(413);
    expect(problemOf(response).type).toBe('urn:crs-export:problem:payload-too-large');
  });
});

describe('GET /exports and /exports/{exportId}', () => {
  it.each([
    ['state=DONE', 'state'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not%20base64', 'cursor'],
    ['redisId=redis-1', 'redisId'],
    ['sort=asc', 'sort'],
  ])('answers 400 for ?%s', async (query, field) => {
    const response = await request(api.server).get(`/exports?${query}`).set(auth);
    expect(response.status).toBe(400);
    expect(problemOf(response).errors?.map((error) => error.field)).toEqual([field]);
  });

  it('answers 400 invalid-cursor for a well-formed cursor it never issued', async () => {
    const forged = Buffer.from('{"v":1,"q":"abc","t":"AQ"}').toString('base64url');
    const response = await request(api.server).get(`/exports?cursor=${forged}`).set(auth);
    expect(response.status).toBe(400);
    expect(problemOf(response).type).toBe('urn:crs-export:problem:invalid-cursor');
  });

  it('answers 404 problem for an unknown or malformed export id, and for unknown routes', async () => {
    for (const path of [`/exports/${exportIdFor('crs-nothere0', newBackupId())}`, '/exports/whatever', '/nowhere']) {
      const response = await request(api.server).get(path).set(auth);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('a path served with another method', () => {
  it('answers 405 with Allow naming the methods the path takes, as a problem', async () => {
    const cases: [string, string, string][] = [
      ['delete', '/exports', 'GET, HEAD, POST'],
      ['put', '/exports/export-crs-x-1', 'GET, HEAD'],
      ['get', '/exports/export-crs-x-1/cancel', 'POST'],
      ['post', '/healthz', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await request(api.server)[method as 'get'](path).set(auth);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers['allow']).toBe(allow);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 405,
        detail: `${method.toUpperCase()} is not served on ${path}; it takes ${allow}`,
      });
    }
    // A path nobody serves is still a 404.
    expect((await request(api.server).delete('/nowhere').set(auth)).status).toBe(404);
  });
});

describe('POST /exports/{exportId}/cancel', () => {
  it('answers 404 for an unknown export and 409 for a finished one', async () => {
    const unknown = await request(api.server)
      .post(`/exports/${exportIdFor('crs-nothere0', newBackupId())}/cancel`)
      .set(auth)
      .send({});
    expect(unknown.status).toBe(404);
    const backupId = newBackupId();
    const started = await request(api.server).post('/exports').set(auth).send({ redisId: 'crs-j30wibe7', backupId });
    await api.client.workflow.getHandle(started.body.exportId as string).terminate('test over');
    const finished = await request(api.server)
      .post(`/exports/${started.body.exportId as string}/cancel`)
      .set(auth)
      .send({ reason: 'late' });
    expect(finished.status).toBe(409);
    expect(problemOf(finished).type).toBe('urn:crs-export:problem:export-already-finished');
  });

  it('validates the reason', async () => {
    const response = await request(api.server)
      .post(`/exports/${exportIdFor('crs-j30wibe7', newBackupId())}/cancel`)
      .set(auth)
      .send({ reason: 7 });
    expect(response.status).toBe(400);
  });
});

describe('request ids, logs and metrics', () => {
  it('echoes a caller X-Request-Id, logs JSON lines with it, and never logs the key', async () => {
    const response = await request(api.server).get('/exports?limit=1').set(auth).set('X-Request-Id', 'trace-abc-123');
    expect(response.headers['x-request-id']).toBe('trace-abc-123');
    const line = api.logLines
      .map((raw) => JSON.parse(raw) as Record<string, unknown>)
      .find((entry) => entry['reqId'] === 'trace-abc-123');
    expect(line).toMatchObject({ method: 'GET', route: '/exports', status: 200 });
    expect(api.logLines.join('\n')).not.toContain(TEST_API_KEY);
    expect(api.logLines.join('\n')).not.toMatch(/authorization/i);
  });

  it('counts requests by route and status and exports by state', async () => {
    const text = (await request(api.server).get('/metrics')).text;
    expect(text).toMatch(/crs_export_api_http_requests_total\{method="GET",route="\/exports",status="401"\} \d+/);
    expect(text).toMatch(/crs_export_exports\{state="VALIDATING"\} \d+/);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3 and lists every route with request, response and problem schemas', async () => {
    const document = (await request(api.server).get('/openapi.json')).body as Record<string, unknown>;
    const parsed = (await SwaggerParser.validate(structuredClone(document) as never)) as unknown as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
      components: { securitySchemes: Record<string, { scheme?: string }> };
    };
    expect(parsed.openapi).toMatch(/^3\./);
    expect(Object.keys(parsed.paths).sort()).toEqual(
      [
        '/batches',
        '/batches/{batchId}',
        '/batches/{batchId}/cancel',
        '/exports',
        '/exports/{exportId}',
        '/exports/{exportId}/cancel',
        '/exports/{exportId}/retry',
        '/healthz',
        '/metrics',
        '/notifications',
        '/notifications/{deliveryId}',
        '/notifications/test',
        '/readyz',
        '/schedules',
        '/schedules/{scheduleId}',
        '/schedules/{scheduleId}/pause',
        '/schedules/{scheduleId}/resume',
        '/schedules/{scheduleId}/trigger',
      ].sort(),
    );
    expect(parsed.paths['/exports']?.['post']?.requestBody).toBeDefined();
    expect(parsed.paths['/exports/{exportId}/cancel']?.['post']?.requestBody).toBeDefined();
    expect(Object.keys(parsed.paths['/exports']?.['post']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '413', '415', '429', '503']),
    );
    expect(parsed.paths['/exports/{exportId}/cancel']?.['post']?.responses['409']?.content).toHaveProperty([
      'application/problem+json',
    ]);
    expect(parsed.paths['/exports/{exportId}']?.['get']?.responses['200']?.content).toHaveProperty([
      'application/json',
    ]);
    expect(parsed.components.securitySchemes['apiKey']?.scheme).toBe('bearer');
  });
});

describe('limits and failures', () => {
  it('answers 429 once a key has used its requests for the minute, counting each key apart', async () => {
    const limited = await startApiTestApp({
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      API_RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await request(limited.server).get('/exports?limit=1').set(auth)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limitedResponse = await request(limited.server).get('/exports?limit=1').set(auth);
      expect(problemOf(limitedResponse).type).toBe('urn:crs-export:problem:rate-limited');
      expect(limitedResponse.headers['retry-after']).toBeDefined();
      expect(
        (await request(limited.server).get('/exports?limit=1').set('Authorization', `Bearer ${OTHER_API_KEY}`)).status,
      ).toBe(200);
      expect((await request(limited.server).get('/healthz')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 problem when Temporal cannot be reached, and /readyz says so', async () => {
    // No retry interceptor: a closed port fails at once instead of after the SDK's backoff.
    const offline = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', interceptors: [] }) });
    const down = await startApiTestApp({ TEMPORAL_ADDRESS: '127.0.0.1:1' }, offline);
    try {
      const response = await request(down.server)
        .get(`/exports/${exportIdFor('crs-j30wibe7', newBackupId())}`)
        .set(auth);
      expect(response.status).toBe(503);
      expect(problemOf(response).type).toBe('urn:crs-export:problem:temporal-unavailable');
      expect(
        (
          await request(down.server)
            .post('/exports')
            .set(auth)
            .send({ redisId: 'crs-j30wibe7', backupId: newBackupId() })
        ).status,
      ).toBe(503);
      expect((await request(down.server).get('/readyz')).status).toBe(503);
    } finally {
      await down.close();
    }
  });

  it('turns an unexpected error into a generic 500 that names the request id, not the internals', () => {
    const lines: string[] = [];
    const filter = new ProblemDetailsFilter(
      createApiLogger('info', { write: (line: string) => void lines.push(line) }),
    );
    let sent = '';
    const response = {
      headersSent: false,
      setHeader: () => response,
      status: (code: number) => ((response as { code?: number }).code = code) && response,
      end: (body: string) => void (sent = body),
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ requestId: 'req-1', originalUrl: '/exports', path: '/exports' }),
        getResponse: () => response,
      }),
    };
    filter.catch(new Error('connection string postgres://secret'), host as never);
    expect(JSON.parse(sent)).toMatchObject({
      status: 500,
      type: 'urn:crs-export:problem:internal-error',
      requestId: 'req-1',
    });
    expect(sent).not.toContain('secret');
    expect(lines.join('\n')).toContain('req-1');
  });
});
