// Keys from the keys file, changed while the API runs: a revoked key is refused within seconds and a new one
// accepted, without a restart; expired keys are refused; logs and audit lines name key ids, never a key or a
// hash; start-up says what to do without a keys file. A real Temporal dev server; no worker.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyIdOf, createApiKey, revokeApiKey } from '@crs-export/api-keys';
import { ConfigError, loadConfig } from '@crs-export/config';
import { TEST_CODEC_ENV, testApiKeyToken, testTemporalAddress, writeTestApiKeys } from '@crs-export/testing';
import { createApiLogger } from '../src/core/api-logger';
import { createApiApp } from '../src/create-api-app';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';

const OPERATOR = testApiKeyToken('auth-keys-operator');
const OPERATOR_ID = apiKeyIdOf(OPERATOR) ?? '';
let file: string;
let auditFile: string;
let api: ApiTestApp;

beforeAll(async () => {
  const keys = await writeTestApiKeys([
    { token: OPERATOR, scopes: ['read', 'export'] },
    { token: testApiKeyToken('auth-keys-expired'), scopes: ['read'], expiresAt: new Date(Date.now() + 1_500) },
  ]);
  file = keys.file;
  auditFile = join(mkdtempSync(join(tmpdir(), 'auth-audit-')), 'logs', 'audit.log');
  api = await startApiTestApp({
    ...keys.env,
    API_AUDIT_LOG_FILE: auditFile,
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_TASK_QUEUE: `auth-keys-${randomUUID()}`,
  });
});

afterAll(async () => {
  await api?.close();
});

const statusWith = async (token: string): Promise<request.Response> =>
  request(api.server).get('/exports?limit=1').set('Authorization', `Bearer ${token}`);

/** Polls until the check passes; returns how long it took. */
async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const began = Date.now();
  while (!(await check())) {
    if (Date.now() - began > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - began;
}

describe('keys changed while the API runs', () => {
  it('accepts a key created after start, and refuses it within 2 s of its revocation, without a restart', async () => {
    const created = await createApiKey({ file, scopes: ['read'], note: 'made while the API runs' });
    await within(5_000, async () => (await statusWith(created.token)).status === 200);
    await revokeApiKey({ file, id: created.key.id });
    const tookMs = await within(5_000, async () => (await statusWith(created.token)).status === 401);
    expect(tookMs).toBeLessThan(2_000);
    const refused = await statusWith(created.token);
    expect(refused.body).toMatchObject({ type: 'urn:crs-export:problem:unauthorized' });
    expect(refused.body.detail).toBe(`the API key ${created.key.id} has been revoked`);
    // The other keys are untouched.
    expect((await statusWith(OPERATOR)).status).toBe(200);
  });

  it('refuses a key once it has expired', async () => {
    const expiring = testApiKeyToken('auth-keys-expired');
    await within(5_000, async () => (await statusWith(expiring)).status === 401);
    expect((await statusWith(expiring)).body.detail).toBe(`the API key ${apiKeyIdOf(expiring) ?? ''} has expired`);
  });
});

describe('logs and the audit trail', () => {
  it('writes one audit line per start and cancel: key id, action, target, request id, outcome', async () => {
    const backupId = randomUUID();
    const start = await request(api.server)
      .post('/exports')
      .set('Authorization', `Bearer ${OPERATOR}`)
      .set('X-Request-Id', 'audit-start-1')
      .send({ redisId: 'crs-audit001', backupId });
    expect(start.status).toBe(201);
    const exportId = start.body.exportId as string;
    const cancel = await request(api.server)
      .post(`/exports/${exportId}/cancel`)
      .set('Authorization', `Bearer ${OPERATOR}`)
      .set('X-Request-Id', 'audit-cancel-1')
      .send({ reason: 'audit test' });
    expect(cancel.status).toBe(202);
    const unknown = await request(api.server)
      .post(`/exports/export-crs-audit001-${randomUUID()}/cancel`)
      .set('Authorization', `Bearer ${OPERATOR}`)
      .set('X-Request-Id', 'audit-cancel-2')
      .send({});
    expect(unknown.status).toBe(404);
    await api.client.workflow.getHandle(exportId).terminate('test over');
    const lines = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        log: 'audit',
        action: 'export.start',
        who: OPERATOR_ID,
        target: exportId,
        requestId: 'audit-start-1',
        outcome: 'succeeded',
        detail: 'created',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
      expect.objectContaining({
        action: 'export.cancel',
        who: OPERATOR_ID,
        target: exportId,
        requestId: 'audit-cancel-1',
        outcome: 'succeeded',
      }),
      expect.objectContaining({
        action: 'export.cancel',
        requestId: 'audit-cancel-2',
        outcome: 'failed',
        detail: 'ExportNotFoundError',
      }),
    ]);
    expect(statSync(auditFile).mode & 0o777).toBe(0o600);
  });

  it('names the key id in request logs, and never the key, its secret or its hash', async () => {
    await request(api.server)
      .get('/exports?limit=1')
      .set('Authorization', `Bearer ${OPERATOR}`)
      .set('X-Request-Id', 'log-1');
    const entry = api.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['reqId'] === 'log-1');
    expect(entry).toMatchObject({ apiKeyId: OPERATOR_ID, status: 200 });
    const hashes = [...readFileSync(file, 'utf8').matchAll(/hmac-sha256:([\w-]+)/g)].map((match) => match[1] ?? '');
    const everything = `${api.logLines.join('\n')}\n${readFileSync(auditFile, 'utf8')}`;
    for (const secret of [OPERATOR, OPERATOR.slice(-43), ...hashes]) expect(everything).not.toContain(secret);
  });
});

describe('start-up', () => {
  const silent = () => createApiLogger('error', new Writable({ write: (_chunk, _encoding, done) => done() }));
  const baseEnv = { ...TEST_CODEC_ENV, API_PORT: '0', TEMPORAL_ADDRESS: testTemporalAddress() };

  it('refuses to start without a keys file, saying how to make one', async () => {
    const missing = await createApiApp({ config: loadConfig(baseEnv), logger: silent() }).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as Error).message).toMatch(/API_KEYS_FILE: not set.*npx crs-export keys create/);
    const gone = join(mkdtempSync(join(tmpdir(), 'auth-nofile-')), 'api-keys.json');
    const config = loadConfig({ ...baseEnv, API_KEYS_FILE: gone, API_KEYS_PEPPER_FILE: join(tmpdir(), 'none.pepper') });
    const noPepper = await createApiApp({ config, logger: silent() }).catch((error: unknown) => error);
    expect((noPepper as Error).message).toMatch(/API_KEYS_PEPPER_FILE: .*pepper file cannot be read/);
  });

  it('refuses the old API_KEYS, saying to move to a keys file', () => {
    expect(() => loadConfig({ ...baseEnv, API_KEYS: 'test-key-0123456789abcdef' })).toThrow(
      /API_KEYS: no longer read: .*keys create.*API_KEYS_FILE/,
    );
  });
});
