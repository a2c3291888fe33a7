// The client against a real local HTTP server: what goes on the wire, and how each kind of answer is read.
import { Agent as HttpAgent } from 'node:http';
import { connect } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrsApiError } from '@crs-export/contracts';
import { CrsClient, signRequest, type CrsCallEvent, type CrsClientOptions } from '../src';
import { json, paramsOf, startLocalHttpServer, type LocalHttpServer, type RecordedRequest } from './local-http-server';

const KEY_A = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA';
const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA';

let server: LocalHttpServer;
const clients: CrsClient[] = [];
const agents: HttpAgent[] = [];

beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const agent of agents.splice(0)) agent.destroy();
  server.requests.length = 0;
  server.respondWith((_req, res) => json(res, { code: 0, message: '', codeDesc: 'Success', data: {} }));
});

function clientFor(options: Partial<CrsClientOptions> = {}): CrsClient {
  const client = new CrsClient({
    endpoint: server.endpoint,
    secretId: SECRET_ID,
    secretKey: KEY_A,
    region: 'gz',
    ...options,
  });
  clients.push(client);
  return client;
}

/** The action params, Timestamp and Nonce of test vectors G and H (reference §3.1). */
const VECTOR_G_PARAMS = {
  redisId: 'crs-izbob1wh',
  limit: 10,
  offset: 0,
  beginTime: '2017-02-08 16:46:34',
  endTime: '2017-02-08 19:09:26',
};

/**
 * A client for the documented host redis.api.qcloud.com whose sockets lead to the local server, so the
 * Host header, the string to sign and the wire bytes are exactly those of the documented vectors.
 */
function documentedHostClient(options: Partial<CrsClientOptions>): CrsClient {
  const agent = new HttpAgent();
  agent.createConnection = () => connect({ host: '127.0.0.1', port: server.port });
  agents.push(agent);
  return clientFor({
    endpoint: 'http://redis.api.qcloud.com/v2/index.php',
    httpAgent: agent,
    now: () => 1465185768_000,
    nonce: () => 11886,
    ...options,
  });
}

function requestAt(index: number): RecordedRequest {
  const request = server.requests[index];
  if (!request) throw new Error(`the server saw no request #${index}`);
  return request;
}

async function failureOf(promise: Promise<unknown>): Promise<CrsApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CrsApiError);
    return error as CrsApiError;
  }
  throw new Error('expected the call to fail');
}

describe('what the client sends', () => {
  it('sends vector G byte for byte: GET, every value URL-encoded exactly once, %20 for a space', async () => {
    server.respondWith((_req, res) => json(res, { code: 0, totalCount: 0, data: { redisBackupSet: [] } }));
    await documentedHostClient({ httpMethod: 'GET', signatureMethod: 'HmacSHA1' }).getRedisBackupList(VECTOR_G_PARAMS);
    const request = requestAt(0);
    expect(request.method).toBe('GET');
    expect(request.headers.host).toBe('redis.api.qcloud.com');
    expect(request.url).toBe(
      '/v2/index.php?Action=GetRedisBackupList&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA' +
        '&Timestamp=1465185768&beginTime=2017-02-08%2016%3A46%3A34&endTime=2017-02-08%2019%3A09%3A26&limit=10&offset=0' +
        '&redisId=crs-izbob1wh&Signature=wOoEdQ81qkb5vcwfNgC%2BeE4Mysw%3D',
    );
    expect(request.body).toBe('');
  });

  it('sends vector H byte for byte: POST form body, HmacSHA256, nothing in the query string', async () => {
    server.respondWith((_req, res) => json(res, { code: 0, totalCount: 0, data: { redisBackupSet: [] } }));
    await documentedHostClient({ httpMethod: 'POST', signatureMethod: 'HmacSHA256' }).getRedisBackupList(
      VECTOR_G_PARAMS,
    );
    const request = requestAt(0);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/index.php');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe(
      'Action=GetRedisBackupList&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA' +
        '&SignatureMethod=HmacSHA256&Timestamp=1465185768&beginTime=2017-02-08%2016%3A46%3A34' +
        '&endTime=2017-02-08%2019%3A09%3A26&limit=10&offset=0&redisId=crs-izbob1wh' +
        '&Signature=%2B6UW45kX9aG2GGUuO2822ngVFQ8rUI8XSwa5reEPXiA%3D',
    );
  });

  it('signs over the Host header the server sees, port included', async () => {
    await clientFor({ now: () => 1_700_000_000_000 })
      .describeTaskInfo({ requestId: 1 })
      .catch(() => undefined);
    const [request] = server.requests;
    expect(request?.headers.host).toBe(`127.0.0.1:${server.port}`);
    const { Signature, ...params } = paramsOf(requestAt(0));
    const expected = signRequest({
      method: 'POST',
      host: request?.headers.host ?? '',
      path: '/v2/index.php',
      params,
      secretKey: KEY_A,
    });
    expect(Signature).toBe(expected);
  });

  it('sends a POST form body with `&` and spaces in values encoded once, signed over host:port', async () => {
    await clientFor({ httpMethod: 'POST', signatureMethod: 'HmacSHA256' })
      .manualBackupInstance({ redisId: 'crs-1', remark: 'nightly copy & more' })
      .catch(() => undefined);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v2/index.php');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toContain('remark=nightly%20copy%20%26%20more');
    const { Signature, ...params } = paramsOf(requestAt(0));
    expect(params['remark']).toBe('nightly copy & more');
    expect(params['SignatureMethod']).toBe('HmacSHA256');
    expect(Signature).toBe(
      signRequest({
        method: 'POST',
        host: `127.0.0.1:${server.port}`,
        path: '/v2/index.php',
        params,
        secretKey: KEY_A,
      }),
    );
  });

  it('signs every call anew with a fresh Nonce, so a retry after 4500 is not a replay', async () => {
    const client = clientFor();
    await client.describeTaskInfo({ requestId: 1 }).catch(() => undefined);
    await client.describeTaskInfo({ requestId: 1 }).catch(() => undefined);
    const [first, second] = server.requests.map(paramsOf);
    expect(first?.['Nonce']).not.toBe(second?.['Nonce']);
    expect(first?.['Signature']).not.toBe(second?.['Signature']);
  });

  it('sends the Token of a temporary credential and the region the call names', async () => {
    await clientFor({ token: 'temporary-token-123' })
      .describeTaskInfo({ requestId: 1 }, { region: 'sh' })
      .catch(() => undefined);
    const params = paramsOf(requestAt(0));
    expect(params['Token']).toBe('temporary-token-123');
    expect(params['Region']).toBe('sh');
  });

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const client = clientFor();
    for (let i = 0; i < 3; i += 1) await client.describeTaskInfo({ requestId: i }).catch(() => undefined);
    const ports = server.requests.map((request) => request.remotePort);
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });
});

describe('how answers are read', () => {
  it('coerces numeric strings in a DescribeRedis answer', async () => {
    server.respondWith((_req, res) =>
      json(res, {
        code: '0',
        message: '',
        codeDesc: 'Success',
        totalCount: '1',
        data: {
          redisSet: [
            {
              redisId: 'crs-j30wibe7',
              redisName: 'orders',
              regionId: '1',
              typeId: '1',
              status: '2',
              size: '2048',
              port: '6379',
            },
          ],
        },
      }),
    );
    const result = await clientFor().describeRedis({ redisId: 'crs-j30wibe7' });
    expect(result.totalCount).toBe(1);
    expect(result.redisSet[0]).toMatchObject({
      redisId: 'crs-j30wibe7',
      regionId: 1,
      typeId: 1,
      status: 2,
      size: 2048,
      port: 6379,
    });
    expect(paramsOf(requestAt(0))).toMatchObject({ limit: '20', offset: '0', redisId: 'crs-j30wibe7' });
  });

  it('reads task refs, task status and download URLs', async () => {
    const client = clientFor();
    server.respondWith((_req, res) => json(res, { code: 0, data: { requestId: '400151' } }));
    expect(await client.exportRedisBackup({ redisId: 'crs-1', backupId: 'b-1' })).toEqual({ requestId: 400151 });
    server.respondWith((_req, res) => json(res, { code: 0, data: { status: '2' } }));
    expect(await client.describeTaskInfo({ requestId: 400151 })).toEqual({ status: 2 });
    server.respondWith((_req, res) => json(res, { code: 0, data: [{ status: -1 }] }));
    expect(await client.describeTaskInfo({ requestId: 400151 })).toEqual({ status: -1 });
    server.respondWith((_req, res) =>
      json(res, { code: 0, data: { intranet: 'http://10.0.0.1/a.rdb', extranet: 'http://1.2.3.4/a.rdb' } }),
    );
    expect(await client.getBackupDownloadUrl({ redisId: 'crs-1', backupId: 'b-1' })).toEqual({
      intranet: 'http://10.0.0.1/a.rdb',
      extranet: 'http://1.2.3.4/a.rdb',
    });
    expect(server.requests.map((request) => paramsOf(request)['Action'])).toEqual([
      'ExportRedisBackup',
      'DescribeTaskInfo',
      'DescribeTaskInfo',
      'GetBackupDownloadUrl',
    ]);
    expect(paramsOf(requestAt(1))['requestId']).toBe('400151');
  });

  it('walks every page of the backup list, also when the server caps the page size', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({
      backupId: `b-${i}`,
      startTime: '2026-11-28 03:00:00',
      backupType: 'systemBackupInstance',
      status: '2',
      remark: '',
      locked: '0',
    }));
    server.respondWith((req, res) => {
      const params = paramsOf(req);
      const offset = Number(params['offset']);
      const cap = Math.min(Number(params['limit']), 3);
      json(res, { code: 0, totalCount: String(all.length), data: { redisBackupSet: all.slice(offset, offset + cap) } });
    });
    const backups = await clientFor({ pageSize: 50 }).listAllRedisBackups({ redisId: 'crs-1' });
    expect(backups.map((backup) => backup.backupId)).toEqual(all.map((backup) => backup.backupId));
    expect(backups[0]?.status).toBe(2);
    expect(server.requests.map((request) => paramsOf(request)['offset'])).toEqual(['0', '3', '6']);
  });

  it('turns a business code in `code` into a non-retryable error', async () => {
    server.respondWith((_req, res) =>
      json(res, {
        code: 11214,
        message: 'only cluster instances can export',
        codeDesc: 'OnlyClusterInstanceCanExportBackup',
      }),
    );
    const error = await failureOf(clientFor().exportRedisBackup({ redisId: 'crs-1', backupId: 'b-1' }));
    expect(error.toJSON()).toEqual({
      code: 11214,
      name: 'OnlyClusterInstanceCanExportBackup',
      message: 'ExportRedisBackup: 11214 OnlyClusterInstanceCanExportBackup: only cluster instances can export',
      retryable: false,
      action: 'ExportRedisBackup',
      apiVersion: 2,
      requestId: null,
      platformCode: 11214,
      businessCode: 11214,
      httpStatus: 200,
    });
  });

  it('turns the module shape (4000 with "(11214)" in the message) into the same 11214', async () => {
    server.respondWith((_req, res) =>
      json(res, {
        code: 4000,
        message: '(11214)only cluster instances can export',
        codeDesc: 'OnlyClusterInstanceCanExportBackup',
      }),
    );
    const error = await failureOf(clientFor().exportRedisBackup({ redisId: 'crs-1', backupId: 'b-1' }));
    expect(error).toMatchObject({
      code: 11214,
      businessCode: 11214,
      platformCode: 4000,
      retryable: false,
      codeName: 'OnlyClusterInstanceCanExportBackup',
    });
  });

  it('treats 5100 sent as a string as retryable', async () => {
    server.respondWith((_req, res) => json(res, { code: '5100', message: '(100004)projectId不正确' }));
    const error = await failureOf(clientFor().describeTaskInfo({ requestId: 1 }));
    expect(error).toMatchObject({ platformCode: 5100, retryable: true, action: 'DescribeTaskInfo' });
  });

  it('classifies a 4xx answer that carries a CRS error by its code', async () => {
    server.respondWith((_req, res) =>
      json(res, { code: 4100, message: 'signature mismatch', codeDesc: 'AuthFailure' }, 401),
    );
    const error = await failureOf(clientFor().describeTaskInfo({ requestId: 1 }));
    expect(error).toMatchObject({ code: 4100, retryable: false, httpStatus: 401 });
  });
});

describe('failures of the call itself', () => {
  it.each([500, 502, 503, 429])('makes HTTP %i a retryable HttpError naming the action', async (status) => {
    server.respondWith((_req, res) => json(res, '<html>busy</html>', status));
    const error = await failureOf(clientFor().describeTaskInfo({ requestId: 1 }));
    expect(error).toMatchObject({ code: 'HttpError', httpStatus: status, retryable: true, kind: 'http' });
    expect(error.message).toMatch(new RegExp(`^DescribeTaskInfo: HTTP ${status}`));
  });

  it('makes HTTP 404 without a CRS answer a non-retryable HttpError', async () => {
    server.respondWith((_req, res) => json(res, 'not here', 404));
    const error = await failureOf(clientFor().describeTaskInfo({ requestId: 1 }));
    expect(error).toMatchObject({ code: 'HttpError', httpStatus: 404, retryable: false });
  });

  it('makes a body that is not JSON a clear InvalidResponse', async () => {
    server.respondWith((_req, res) => json(res, '<html>maintenance</html>'));
    const error = await failureOf(clientFor().describeTaskInfo({ requestId: 1 }));
    expect(error).toMatchObject({ code: 'InvalidResponse', retryable: false, httpStatus: 200 });
    expect(error.message).toContain('DescribeTaskInfo: invalid response: body is not JSON: "<html>maintenance</html>"');
  });

  it('times out a call that gets no answer with a retryable Timeout naming the action', async () => {
    server.respondWith(() => undefined);
    const started = Date.now();
    const error = await failureOf(clientFor({ timeoutMs: 150 }).describeTaskInfo({ requestId: 1 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe('DescribeTaskInfo: timed out after 150 ms');
    expect(error.toJSON()).toMatchObject({
      code: 'Timeout',
      name: 'Timeout',
      retryable: true,
      action: 'DescribeTaskInfo',
    });
  });

  it('makes a refused connection a retryable NetworkError naming the action', async () => {
    const closed = await startLocalHttpServer();
    await closed.close();
    const client = new CrsClient({ endpoint: closed.endpoint, secretId: SECRET_ID, secretKey: KEY_A, region: 'gz' });
    clients.push(client);
    const error = await failureOf(client.getBackupDownloadUrl({ redisId: 'crs-1', backupId: 'b-1' }));
    expect(error).toMatchObject({ code: 'NetworkError', retryable: true, kind: 'network' });
    expect(error.message).toMatch(/^GetBackupDownloadUrl: network error: .*ECONNREFUSED/);
  });

  it('makes a connection closed before the answer a retryable NetworkError', async () => {
    server.respondWith((_req, res) => res.socket?.destroy());
    const error = await failureOf(clientFor().exportRedisBackup({ redisId: 'crs-1', backupId: 'b-1' }));
    expect(error).toMatchObject({ code: 'NetworkError', retryable: true, action: 'ExportRedisBackup' });
  });

  it('stops at once when the caller aborts, with a non-retryable Aborted', async () => {
    server.respondWith(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(
      clientFor({ timeoutMs: 5_000 }).describeTaskInfo({ requestId: 1 }, { signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: 'Aborted', retryable: false });
  });

  it('reports every call to onCall with its outcome code and no credentials', async () => {
    const events: CrsCallEvent[] = [];
    const client = clientFor({ onCall: (event) => events.push(event) });
    await client.describeTaskInfo({ requestId: 1 }).catch(() => undefined);
    server.respondWith((_req, res) => json(res, { code: 10711, message: 'bad status' }));
    await client.exportRedisBackup({ redisId: 'crs-1', backupId: 'b-1' }).catch(() => undefined);
    expect(events.map(({ action, outcome, code, retryable }) => ({ action, outcome, code, retryable }))).toEqual([
      { action: 'DescribeTaskInfo', outcome: 'error', code: 'InvalidResponse', retryable: false },
      { action: 'ExportRedisBackup', outcome: 'error', code: 10711, retryable: false },
    ]);
    expect(JSON.stringify(events)).not.toContain(KEY_A);
  });
});

describe('credentials never leak', () => {
  it('keeps the secret key and the signature out of the message, JSON and util.inspect of every error', async () => {
    const echoes: Array<(body: string) => void> = [];
    server.respondWith((req, res) => {
      // A hostile or buggy server that echoes the whole request (signature included) in its error message.
      const echoed = `${req.url} ${req.body} ${KEY_A}`;
      echoes.forEach((push) => push(echoed));
      json(res, { code: 4100, message: echoed });
    });
    let sent = '';
    echoes.push((body) => {
      sent = body;
    });
    const client = clientFor({ httpMethod: 'GET', token: 'temporary-token-secret' });
    const error = await failureOf(client.describeTaskInfo({ requestId: 1 }));
    const signature = paramsOf(requestAt(0))['Signature'] ?? '';
    expect(signature.length).toBeGreaterThan(10);
    expect(sent).toContain(encodeURIComponent(signature));
    for (const text of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      String(error.stack),
    ]) {
      expect(text).not.toContain(KEY_A);
      expect(text).not.toContain(signature);
      expect(text).not.toContain(encodeURIComponent(signature));
      expect(text).not.toContain('temporary-token-secret');
    }
    expect(error.message).toContain('[redacted]');
  });

  it('keeps the secret key out of util.inspect of the client', () => {
    const client = clientFor();
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY_A);
  });

  it('keeps the request out of a network error', async () => {
    server.respondWith((_req, res) => res.socket?.destroy());
    const error = await failureOf(clientFor({ httpMethod: 'GET' }).describeTaskInfo({ requestId: 1 }));
    const signature = paramsOf(requestAt(0))['Signature'] ?? '';
    const text = inspect(error, { depth: 10, showHidden: true });
    expect(text).not.toContain(encodeURIComponent(signature));
    expect(text).not.toContain(KEY_A);
    expect(Object.keys(error)).not.toContain('config');
    expect(error.cause).toBeUndefined();
  });
});
