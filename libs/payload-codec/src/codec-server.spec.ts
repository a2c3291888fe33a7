import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  defaultPayloadConverter,
  type LogLevel,
  type LogMetadata,
  type Logger,
  type Payload,
} from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AesGcmPayloadCodec,
  CodecKeyRing,
  createCodecServer,
  generateCodecCapabilityToken,
  type CodecRequest,
  type CodecServer,
} from './index';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const key = randomBytes(32);
const codec = new AesGcmPayloadCodec(CodecKeyRing.create([{ id: 'k-server', key }]));
const token = generateCodecCapabilityToken();
const MARKER = `marker-${randomBytes(6).toString('hex')}`;

/** Records everything the server logs, to check no payload content reaches a log. */
class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

const logger = new RecordingLogger();
const seen: CodecRequest[] = [];
let server: CodecServer;
let withCredentials: CodecServer;

beforeAll(async () => {
  server = await createCodecServer({
    codec,
    authorize: (request) => {
      seen.push(request);
      const authorization = request.headers.authorization;
      if (authorization === 'Bearer good') return 'allow';
      if (authorization === 'Bearer read-only') return 'forbidden';
      return 'unauthenticated';
    },
    capabilityTokens: [token],
    allowedOrigins: [UI_ORIGIN],
    maxBodyBytes: 64 * 1024,
    logger,
  });
  withCredentials = await createCodecServer({
    codec,
    authorize: () => 'allow',
    allowedOrigins: [UI_ORIGIN],
    allowCredentials: true,
  });
});

afterAll(async () => {
  await server?.close();
  await withCredentials?.close();
});

const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});
const jsonPayload = (value: unknown) => toJson(defaultPayloadConverter.toPayload(value) as Payload);
const fromJson = (payload: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(payload.data, 'base64'),
});

interface Call {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

async function call({ path, method = 'POST', headers = {}, body }: Call, target = server) {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

const authorized = { authorization: 'Bearer good' };
const payloadsBody = (...values: unknown[]) => JSON.stringify({ payloads: values.map(jsonPayload) });

describe('codec server', () => {
  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('round-trips payloads through POST /encode and POST /decode', async () => {
    const encoded = await call({ path: '/encode', headers: authorized, body: payloadsBody({ marker: MARKER }, 'two') });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('content-type')).toMatch(/^application\/json/);
    expect(encoded.headers.get('cache-control')).toBe('no-store');
    expect(encoded.text).not.toContain(Buffer.from(MARKER).toString('base64').slice(0, 8));
    const body = encoded.json() as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(body.payloads).toHaveLength(2);
    expect(Buffer.from(body.payloads[0]?.metadata['encoding'] ?? '', 'base64').toString()).toBe('binary/encrypted');

    const decoded = await call({ path: '/decode', headers: authorized, body: encoded.text });
    expect(decoded.status).toBe(200);
    const values = (decoded.json() as typeof body).payloads.map((p) =>
      defaultPayloadConverter.fromPayload(fromJson(p)),
    );
    expect(values).toEqual([{ marker: MARKER }, 'two']);
  });

  it('decodes what the codec itself encrypted (the worker and the server agree on the format)', async () => {
    const written = await codec.encode([defaultPayloadConverter.toPayload('from the worker') as Payload]);
    const decoded = await call({
      path: '/decode',
      headers: authorized,
      body: JSON.stringify({ payloads: written.map(toJson) }),
    });
    const [payload] = (decoded.json() as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
    expect(defaultPayloadConverter.fromPayload(fromJson(payload ?? { metadata: {}, data: '' }))).toBe(
      'from the worker',
    );
  });

  it('passes non-encrypted payloads through /decode and accepts {} as no payloads', async () => {
    const plain = payloadsBody('plain');
    const decoded = await call({ path: '/decode', headers: authorized, body: plain });
    expect(decoded.json()).toEqual(JSON.parse(plain));
    expect((await call({ path: '/decode', headers: authorized, body: '{}' })).json()).toEqual({ payloads: [] });
  });

  it('hands the authorizer the operation, the X-Namespace header and the origin', async () => {
    seen.length = 0;
    await call({
      path: '/decode',
      headers: { ...authorized, 'x-namespace': 'default', origin: UI_ORIGIN },
      body: payloadsBody(1),
    });
    expect(seen).toMatchObject([{ operation: 'decode', namespace: 'default', origin: UI_ORIGIN }]);
  });

  it('answers a CORS preflight from the allowed origin with that exact origin, POST and the codec headers', async () => {
    const response = await call({
      path: '/decode',
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type, x-namespace, authorization');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('refuses a preflight and a request from another origin, without CORS headers', async () => {
    const preflight = await call({
      path: '/decode',
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const post = await call({
      path: '/decode',
      headers: { ...authorized, origin: 'http://127.0.0.1:9999' },
      body: payloadsBody(1),
    });
    expect(post.status).toBe(403);
    expect(post.json()).toMatchObject({ error: 'origin_not_allowed' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds the CORS origin to answers for the allowed origin, and credentials only when configured', async () => {
    const answer = await call({
      path: '/decode',
      headers: { ...authorized, origin: UI_ORIGIN },
      body: payloadsBody(1),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await call(
      { path: '/decode', method: 'OPTIONS', headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST' } },
      withCredentials,
    );
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('refuses a request without a credential with 401 and one the authorizer forbids with 403', async () => {
    const anonymous = await call({ path: '/decode', body: payloadsBody(1) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.json()).toEqual({ error: 'unauthenticated', message: 'a valid credential is required' });
    const wrong = await call({ path: '/encode', headers: { authorization: 'Bearer nope' }, body: payloadsBody(1) });
    expect(wrong.status).toBe(401);
    const forbidden = await call({
      path: '/decode',
      headers: { authorization: 'Bearer read-only' },
      body: payloadsBody(1),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: 'forbidden' });
  });

  it('accepts the capability-token path without an Authorization header, and refuses a wrong token', async () => {
    seen.length = 0;
    const encoded = await call({
      path: `/${token}/encode`,
      headers: { origin: UI_ORIGIN },
      body: payloadsBody(MARKER),
    });
    expect(encoded.status).toBe(200);
    const decoded = await call({ path: `/${token}/decode`, headers: { origin: UI_ORIGIN }, body: encoded.text });
    expect(decoded.status).toBe(200);
    expect(seen).toEqual([]);
    const wrong = await call({ path: `/${generateCodecCapabilityToken()}/decode`, body: payloadsBody(1) });
    expect(wrong.status).toBe(403);
    expect(wrong.json()).toMatchObject({ error: 'forbidden' });
  });

  it.each([
    ['not JSON', '{"payloads": [', 'the body is not valid JSON'],
    ['not an object', '[1, 2]', 'the body must be a JSON object { "payloads": [...] }'],
    ['payloads not an array', '{"payloads": {"a": 1}}', '"payloads" must be an array'],
    ['data not base64', '{"payloads": [{"metadata": {}, "data": "@@@"}]}', 'payloads[0].data must be base64'],
    ['metadata not base64', '{"payloads": [{"metadata": {"encoding": 7}}]}', 'payloads[0].metadata must be base64'],
  ])(
    'answers 400 to a malformed body (%s), naming the field but not echoing the body',
    async (_case, body, message) => {
      const response = await call({ path: '/decode', headers: authorized, body });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'malformed_body', message });
    },
  );

  it('answers 400 naming the key id for a payload it cannot decrypt', async () => {
    const other = new AesGcmPayloadCodec(CodecKeyRing.create([{ id: 'k-elsewhere', key: randomBytes(32) }]));
    const foreign = await other.encode([defaultPayloadConverter.toPayload(MARKER) as Payload]);
    const response = await call({
      path: '/decode',
      headers: authorized,
      body: JSON.stringify({ payloads: foreign.map(toJson) }),
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'undecodable_payload' });
    expect(response.text).toContain('k-elsewhere');
  });

  it('answers 404 to other paths, 405 to other methods, 415 to other content types', async () => {
    expect((await call({ path: '/', headers: authorized, body: '{}' })).status).toBe(404);
    expect((await call({ path: '/decode/more', headers: authorized, body: '{}' })).status).toBe(404);
    expect((await call({ path: '/a/b/decode', headers: authorized, body: '{}' })).status).toBe(404);
    const get = await call({ path: '/decode', method: 'GET', headers: authorized });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    const text = await call({ path: '/decode', headers: { ...authorized, 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
  });

  it('answers 404 to a token-like prefix when no capability tokens are configured', async () => {
    expect((await call({ path: `/${token}/decode`, body: '{}' }, withCredentials)).status).toBe(404);
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ payloads: [jsonPayload('x'.repeat(100 * 1024))] });
    const declared = await call({ path: '/decode', headers: authorized, body: big });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ error: 'body_too_large' });
    expect(await streamedStatus(big)).toBe(413);
  });

  it('never logs payload contents, keys or the capability token', async () => {
    await call({ path: '/decode', body: payloadsBody(MARKER) });
    await call({ path: `/${token}/nothing`, body: payloadsBody(MARKER) });
    await call({ path: '/decode', headers: authorized, body: `{"payloads": ["${MARKER}"` });
    expect(logger.lines.length).toBeGreaterThan(0);
    const logged = logger.lines.join('\n');
    for (const secret of [MARKER, token, key.toString('base64'), key.toString('hex')]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('answers GET /healthz with 200 to anyone, without calling the authorizer', async () => {
    const before = seen.length;
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(seen.length).toBe(before);
  });

  it('stops listening on close', async () => {
    const short = await createCodecServer({ codec, authorize: () => 'allow' });
    await short.close();
    await expect(fetch(`${short.url}/decode`, { method: 'POST' })).rejects.toThrow();
  });
});

/** Sends the body in chunks without a Content-Length, so the limit is enforced while reading. */
function streamedStatus(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${server.url}/decode`,
      {
        method: 'POST',
        headers: { ...authorized, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    for (let offset = 0; offset < body.length; offset += 16 * 1024)
      request.write(body.slice(offset, offset + 16 * 1024));
    request.end();
  });
}
