// The codec server process as `npm start` and compose run it: configured from the environment, it decodes what
// the worker encrypted for a bearer token or the Web UI's token path, answers CORS for the UI's origin only,
// refuses to start without keys or tokens, logs no secret and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@crs-export/process-supervisor';
import {
  AesGcmPayloadCodec,
  generateCodecCapabilityToken,
  generateCodecKeyFile,
  readCodecKeyFile,
  rotateCodecKeyFile,
} from '@crs-export/payload-codec';

const repoRoot = resolve(__dirname, '..', '..', '..');
const UI_ORIGIN = 'http://127.0.0.1:8233';
const token = generateCodecCapabilityToken();
const MARKER = `codec-process-${randomBytes(6).toString('hex')}`;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startCodecServer(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/codec-server/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 50));
  }
}

let dir: string;
let keysFile: string;
let server: Started;
let base: string;
/** A payload as the worker wrote it under the key that was active before the rotation. */
let oldPayload: Payload;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codec-server-'));
  keysFile = join(dir, 'codec-keys.json');
  await generateCodecKeyFile(keysFile);
  [oldPayload] = (await new AesGcmPayloadCodec(await readCodecKeyFile(keysFile)).encode([
    defaultPayloadConverter.toPayload({ secret: MARKER }) as Payload,
  ])) as [Payload];
  await rotateCodecKeyFile(keysFile);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startCodecServer({
    CODEC_KEYS_FILE: keysFile,
    CODEC_SERVER_PORT: String(port),
    CODEC_SERVER_TOKENS: token,
    TEMPORAL_UI_URL: `${UI_ORIGIN}/`,
  });
  await until(() => server.output().includes('codec server listening'), 60_000);
}, 90_000);

afterAll(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const asJson = (payload: Payload) => ({
  payloads: [
    {
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? []).toString('base64'),
    },
  ],
});

function decode(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers },
    body: JSON.stringify(asJson(oldPayload)),
  });
}

describe('the codec server process', () => {
  it('answers GET /healthz without a token', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('decodes a payload of the rotated-out key for a bearer token and for the token path', async () => {
    for (const [path, headers] of [
      ['/decode', { Authorization: `Bearer ${token}` }],
      [`/${token}/decode`, {}],
    ] as const) {
      const response = await decode(path, headers);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
      expect(Buffer.from(body.payloads[0]?.metadata['encoding'] ?? '', 'base64').toString()).toBe('json/plain');
      expect(JSON.parse(Buffer.from(body.payloads[0]?.data ?? '', 'base64').toString())).toEqual({ secret: MARKER });
    }
  });

  it('refuses no token (401), a wrong bearer token (401) and a wrong token path (403)', async () => {
    expect((await decode('/decode')).status).toBe(401);
    expect((await decode('/decode', { Authorization: `Bearer ${generateCodecCapabilityToken()}` })).status).toBe(401);
    expect((await decode(`/${generateCodecCapabilityToken()}/decode`)).status).toBe(403);
  });

  it("answers the Web UI's preflight (its origin, from TEMPORAL_UI_URL) and refuses another origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/${token}/decode`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-namespace',
        },
      });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const other = await preflight('http://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs its URL and key ids, never a key, the token or a payload, and exits 0 on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const output = server.output();
    const listening = output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry['msg'] === 'codec server listening');
    const ring = await readCodecKeyFile(keysFile);
    expect(listening).toMatchObject({ url: base, allowedOrigins: [UI_ORIGIN], activeKeyId: ring.activeKeyId });
    expect(listening?.['keyIds']).toEqual(ring.keyIds);
    expect(output).not.toContain(token);
    expect(output).not.toContain(MARKER);
    const { keys } = JSON.parse(readFileSync(keysFile, 'utf8')) as { keys: { key: string }[] };
    expect(keys).toHaveLength(2);
    for (const { key } of keys) expect(output).not.toContain(key);
  });
});

describe('the codec server process refuses to start', () => {
  it('without an access token', async () => {
    const started = startCodecServer({ CODEC_KEYS_FILE: keysFile, CODEC_SERVER_PORT: '0' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('CODEC_SERVER_TOKENS: no access token configured');
  });

  it('without a key', async () => {
    const started = startCodecServer({ CODEC_SERVER_TOKENS: token, CODEC_SERVER_PORT: '0' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/no payload codec key is configured: set CODEC_KEYS_FILE/);
  });
});
