// The 3.0 client against a real local HTTP server reached through connectTo: what Tencent's SDK puts on the
// wire for each host, and how every kind of answer (and no answer) becomes a CrsApiError.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrsApiError } from '@crs-export/contracts';
import { verifyTc3 } from '@crs-export/crs-simulator';
import { CrsV3Client, tencentCredentialOf, type CrsV3ClientOptions, type V3CallEvent } from '../src';
import {
  apiError,
  header,
  json,
  OK_ANSWER,
  startLocalTencentServer,
  type LocalTencentServer,
  type RecordedRequest,
} from './local-tencent-server';

const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA';
const TOKEN = 'tmp-session-token-xyz-0123456789';

let server: LocalTencentServer;
const clients: CrsV3Client[] = [];

beforeAll(async () => {
  server = await startLocalTencentServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  server.requests.length = 0;
  server.respondWith((_request, response) => json(response, OK_ANSWER));
});

function clientFor(options: Partial<CrsV3ClientOptions> = {}): CrsV3Client {
  const client = new CrsV3Client({
    credential: tencentCredentialOf({ kind: 'static', secretId: SECRET_ID, secretKey: SECRET_KEY }),
    protocol: 'http://',
    connectTo: server.address,
    timeoutMs: 5000,
    ...options,
  });
  clients.push(client);
  return client;
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

function requestAt(index: number): RecordedRequest {
  const request = server.requests[index];
  if (!request) throw new Error(`the server got no request ${index}`);
  return request;
}

/** Checks a received request with the simulator's own, independently written TC3 verifier. */
function verified(index: number, token?: string): ReturnType<typeof verifyTc3> {
  const request = requestAt(index);
  const url = new URL(request.url, 'http://local');
  return verifyTc3(
    {
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers: request.headers,
      body: request.body,
    },
    {
      service: 'redis',
      now: Date.now(),
      credentialOf: (secretId) =>
        secretId === SECRET_ID ? { secretKey: SECRET_KEY, ...(token ? { token } : {}) } : undefined,
    },
  );
}

describe('what goes on the wire', () => {
  it('signs service redis and Host redis.tencentcloudapi.com while the socket goes to connectTo', async () => {
    await clientFor().describeInstances(
      { InstanceId: 'crs-a', Limit: 20, Offset: 0, InstanceName: undefined },
      { region: 'gz' },
    );
    const request = requestAt(0);
    expect(request.method).toBe('POST');
    expect(header(request, 'host')).toBe('redis.tencentcloudapi.com');
    expect(header(request, 'authorization')).toMatch(
      new RegExp(
        `^TC3-HMAC-SHA256 Credential=${SECRET_ID}/\\d{4}-\\d{2}-\\d{2}/redis/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(header(request, 'x-tc-action')).toBe('DescribeInstances');
    expect(header(request, 'x-tc-version')).toBe('2018-04-12');
    expect(header(request, 'x-tc-region')).toBe('ap-guangzhou');
    expect(header(request, 'x-tc-traceid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(request, 'x-tc-token')).toBeUndefined();
    expect(JSON.parse(request.body.toString('utf8'))).toEqual({ InstanceId: 'crs-a', Limit: 20, Offset: 0 });
    expect(verified(0)).toMatchObject({ ok: true, secretId: SECRET_ID });
  });

  it.each([
    'redis.ap-guangzhou.tencentcloudapi.com',
    'redis.ap-shanghai-fsi.tencentcloudapi.com',
    'redis.intl.tencentcloudapi.com',
  ])('signs the host %s it sends, with service redis', async (host) => {
    await clientFor({ endpoint: host })
      .describeTaskInfo({ TaskId: 1 }, { region: 'ap-shanghai-fsi' })
      .catch(() => undefined);
    const request = requestAt(0);
    expect(header(request, 'host')).toBe(host);
    expect(header(request, 'authorization')).toContain('/redis/tc3_request');
    expect(header(request, 'x-tc-region')).toBe('ap-shanghai-fsi');
    expect(verified(0)).toMatchObject({ ok: true });
  });

  it('sends the session token of a temporary credential in X-TC-Token, signed requests still verifying', async () => {
    const credential = tencentCredentialOf({
      kind: 'static',
      secretId: SECRET_ID,
      secretKey: { reveal: () => SECRET_KEY },
      token: TOKEN,
    });
    await clientFor({ credential })
      .describeBackupDownloadRestriction({ region: 'ap-guangzhou' })
      .catch(() => undefined);
    expect(header(requestAt(0), 'x-tc-token')).toBe(TOKEN);
    expect(verified(0, TOKEN)).toMatchObject({ ok: true });
  });

  it('flattens the parameters into the query string with GET', async () => {
    await clientFor({ reqMethod: 'GET' }).describeInstanceBackups(
      { InstanceId: 'crs-a', Limit: 100, Offset: 0, Status: [1, 2] },
      { region: 'gz' },
    );
    const request = requestAt(0);
    expect(request.method).toBe('GET');
    expect(new URL(request.url, 'http://local').searchParams.toString()).toBe(
      'InstanceId=crs-a&Limit=100&Offset=0&Status.0=1&Status.1=2',
    );
    expect(verified(0)).toMatchObject({ ok: true });
  });

  it("names each request's own region when calls to two regions run at once", async () => {
    const client = clientFor();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        client.describeTaskInfo({ TaskId: index }, { region: index % 2 === 0 ? 'gz' : 'sh' }).catch(() => undefined),
      ),
    );
    for (const request of server.requests) {
      const taskId = (JSON.parse(request.body.toString('utf8')) as { TaskId: number }).TaskId;
      expect(header(request, 'x-tc-region')).toBe(taskId % 2 === 0 ? 'ap-guangzhou' : 'ap-shanghai');
    }
    expect(server.requests).toHaveLength(20);
  });

  it('reuses its keep-alive connection', async () => {
    const client = clientFor();
    await client.describeTaskInfo({ TaskId: 1 }, { region: 'gz' }).catch(() => undefined);
    await client.describeTaskInfo({ TaskId: 2 }, { region: 'sh' }).catch(() => undefined);
    expect(server.requests[1]?.remotePort).toBe(server.requests[0]?.remotePort);
  });

  it('goes over TLS with the endpoint host as SNI when the protocol is https', async () => {
    // The local server speaks plain HTTP, so a TLS handshake towards it fails: as a network error.
    const error = await failureOf(
      clientFor({ protocol: 'https://' }).describeTaskInfo({ TaskId: 1 }, { region: 'gz' }),
    );
    expect(error.toJSON()).toMatchObject({ code: 'NetworkError', retryable: true, apiVersion: 3 });
    expect(server.requests).toHaveLength(0);
  });
});

describe('answers and failures', () => {
  it('reads a success and coerces what comes as strings', async () => {
    server.respondWith((_request, response) => json(response, { Response: { TaskId: '6954227', RequestId: 'req-1' } }));
    expect(await clientFor().manualBackupInstance({ InstanceId: 'crs-a', Remark: 'r' }, { region: 'gz' })).toEqual({
      TaskId: 6954227,
      RequestId: 'req-1',
    });
  });

  it('turns an API error into its 3.0 code with the RequestId, not retried', async () => {
    server.respondWith((_request, response) =>
      apiError(response, 'ResourceNotFound.InstanceNotExists', 'no such instance', 'req-404'),
    );
    const error = await failureOf(clientFor().describeInstances({ InstanceId: 'crs-x' }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({
      code: 'ResourceNotFound.InstanceNotExists',
      retryable: false,
      requestId: 'req-404',
      apiVersion: 3,
      action: 'DescribeInstances',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('marks RequestLimitExceeded retryable', async () => {
    server.respondWith((_request, response) => apiError(response, 'RequestLimitExceeded', 'too fast'));
    expect((await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz' }))).retryable).toBe(true);
  });

  it('takes a 200 with a body that is not JSON as a retryable InvalidResponse', async () => {
    server.respondWith((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html>gateway</html>');
    });
    const error = await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({ code: 'InvalidResponse', retryable: true });
  });

  it('takes a 200 without Response as a retryable InvalidResponse', async () => {
    server.respondWith((_request, response) => json(response, { Answer: {} }));
    const error = await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({ code: 'InvalidResponse', retryable: true });
    expect(error.message).toContain('no Response');
  });

  it('retries an HTTP 502 and not an HTTP 403', async () => {
    server.respondWith((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html>502</html>');
    });
    const bad = await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(bad.toJSON()).toMatchObject({ code: 'HttpError', httpStatus: 502, retryable: true });
    server.respondWith((_request, response) => json(response, 'forbidden', 403));
    const forbidden = await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(forbidden.toJSON()).toMatchObject({ code: 'HttpError', httpStatus: 403, retryable: false });
  });

  it('retries a refused connection as a network error', async () => {
    const closed = await startLocalTencentServer();
    await closed.close();
    const error = await failureOf(
      clientFor({ connectTo: closed.address }).describeTaskInfo({ TaskId: 1 }, { region: 'gz' }),
    );
    expect(error.toJSON()).toMatchObject({ code: 'NetworkError', retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("times out by its own deadline, far below the SDK's request timeout", async () => {
    server.respondWith(() => undefined); // never answers
    const error = await failureOf(clientFor({ timeoutMs: 300 }).describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({
      code: 'Timeout',
      retryable: true,
      message: 'DescribeTaskInfo: timed out after 300 ms',
    });
  });

  it("takes a per-call timeout over the client's", async () => {
    server.respondWith(() => undefined);
    const error = await failureOf(
      clientFor({ timeoutMs: 60_000 }).describeTaskInfo({ TaskId: 1 }, { region: 'gz', timeoutMs: 200 }),
    );
    expect(error.message).toBe('DescribeTaskInfo: timed out after 200 ms');
  });

  it('stops at once when the caller aborts, as Aborted', async () => {
    server.respondWith(() => undefined);
    const controller = new AbortController();
    const call = clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failureOf(call)).toJSON()).toMatchObject({ code: 'Aborted', retryable: false });
  });

  it('sends nothing when the caller has already aborted', async () => {
    const error = await failureOf(
      clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz', signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe('Aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an unknown region without sending anything', async () => {
    const error = await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'atlantis' }));
    expect(error.toJSON()).toMatchObject({ code: 'RequestError', retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('keeps secrets, tokens and URL queries out of every error, whatever the answer quotes', async () => {
    const credential = tencentCredentialOf({
      kind: 'static',
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      token: TOKEN,
    });
    server.respondWith((_request, response) =>
      apiError(
        response,
        'AuthFailure.SignatureFailure',
        `key ${SECRET_KEY} token ${TOKEN} at https://x.example/?sign=abcdef`,
      ),
    );
    const error = await failureOf(clientFor({ credential }).describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    const everything = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)} ${JSON.stringify(error.toExportError())}`;
    expect(everything).not.toContain(SECRET_KEY);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('sign=abcdef');
  });
});

describe('AuthFailure.SignatureExpire', () => {
  it('is signed anew once, and the second answer counts', async () => {
    let answered = 0;
    server.respondWith((_request, response) => {
      answered += 1;
      if (answered === 1) apiError(response, 'AuthFailure.SignatureExpire', 'signature expired');
      else json(response, { Response: { Status: 'succeed', TaskMessage: '', RequestId: 'req-2' } });
    });
    const events: V3CallEvent[] = [];
    const answer = await clientFor({ onCall: (event) => events.push(event) }).describeTaskInfo(
      { TaskId: 1 },
      { region: 'gz' },
    );
    expect(answer.Status).toBe('succeed');
    expect(server.requests).toHaveLength(2);
    expect(events.map((event) => [event.attempt, event.code])).toEqual([
      [1, 'AuthFailure.SignatureExpire'],
      [2, 0],
    ]);
  });

  it('fails for good, naming the clock, when the fresh signature expires too', async () => {
    server.respondWith((_request, response) =>
      apiError(response, 'AuthFailure.SignatureExpire', 'signature expired', 'req-exp'),
    );
    const error = await failureOf(clientFor().describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
      retryable: false,
      requestId: 'req-exp',
    });
    expect(error.message).toMatch(/clock/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('hooks', () => {
  it('awaits beforeCall before each request and reports each to onCall', async () => {
    const order: string[] = [];
    const events: V3CallEvent[] = [];
    server.respondWith((request, response) => {
      order.push(`request ${header(request, 'x-tc-action')}`);
      json(response, { Response: { Status: 'running', RequestId: 'req-h' } });
    });
    const client = clientFor({
      beforeCall: async (action, signal) => {
        expect(signal.aborted).toBe(false);
        order.push(`before ${action}`);
      },
      onCall: (event) => events.push(event),
    });
    await client.describeTaskInfo({ TaskId: 1 }, { region: 'sh' });
    expect(order).toEqual(['before DescribeTaskInfo', 'request DescribeTaskInfo']);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'DescribeTaskInfo',
        region: 'ap-shanghai',
        outcome: 'ok',
        code: 0,
        requestId: 'req-h',
        attempt: 1,
      }),
    ]);
  });

  it("counts the rate limiter's wait against the deadline and hands it the aborting signal", async () => {
    let sawAbort = false;
    const client = clientFor({
      timeoutMs: 200,
      beforeCall: (_action, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          });
        }),
    });
    const error = await failureOf(client.describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.code).toBe('Timeout');
    expect(sawAbort).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it('fails the call with the CrsApiError beforeCall throws', async () => {
    const refusal = new CrsApiError({
      kind: 'api',
      action: 'DescribeTaskInfo',
      code: 'RequestLimitExceeded',
      codeName: 'RequestLimitExceeded',
      retryable: true,
      detail: 'local budget spent',
      apiVersion: 3,
    });
    const client = clientFor({ beforeCall: () => Promise.reject(refusal) });
    expect(await failureOf(client.describeTaskInfo({ TaskId: 1 }, { region: 'gz' }))).toBe(refusal);
    expect(server.requests).toHaveLength(0);
  });

  it('ignores an onCall hook that throws', async () => {
    const client = clientFor({
      onCall: () => {
        throw new Error('metrics down');
      },
    });
    server.respondWith((_request, response) => json(response, { Response: { Status: 'running', RequestId: 'r' } }));
    expect((await client.describeTaskInfo({ TaskId: 1 }, { region: 'gz' })).Status).toBe('running');
  });
});

describe('credentials that cannot be had', () => {
  it('fails without sending anything: not retryable when the setup has none', async () => {
    const credential = tencentCredentialOf({ kind: 'static', secretId: '', secretKey: '' });
    const error = await failureOf(clientFor({ credential }).describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({ code: 'RequestError', retryable: false });
    expect(error.message).toContain('static');
    expect(server.requests).toHaveLength(0);
  });

  it('retries when the credential service failed', async () => {
    const credential = { getCredential: () => Promise.reject(new Error('metadata service unreachable')) };
    const error = await failureOf(clientFor({ credential }).describeTaskInfo({ TaskId: 1 }, { region: 'gz' }));
    expect(error.toJSON()).toMatchObject({ code: 'NetworkError', retryable: true });
    expect(error.message).toContain('credentials unavailable: metadata service unreachable');
  });
});
