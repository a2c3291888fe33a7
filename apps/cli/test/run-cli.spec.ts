// crs-export end to end against a real local HTTP server: requests sent, output printed, exit codes.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/run-cli';
import { capture, exportResource, startFakeExportApi, type FakeExportApi, type Handler } from './fake-export-api';

const KEY = 'test-key-0123456789abcdef';
let api: FakeExportApi | null = null;

afterEach(async () => {
  await api?.close();
  api = null;
});

async function run(argv: string[], handler: Handler, options: { tty?: boolean; env?: Record<string, string> } = {}) {
  api = await startFakeExportApi(handler);
  const out = capture(options.tty);
  const err = capture();
  const cwd = mkdtempSync(join(tmpdir(), 'crs-cli-'));
  const io: CliIo = {
    out,
    err,
    env: { CRS_EXPORT_API_URL: api.url, CRS_EXPORT_API_KEY: KEY, ...options.env },
    cwd,
    // Not the repository's own .data/api-key, which a local `npm start` may have written.
    keyDirs: [cwd],
    sleep: () => Promise.resolve(),
  };
  const code = await runCli(argv, io);
  return { code, out: out.text(), err: err.text(), requests: api.requests };
}

describe('crs-export against the HTTP API', () => {
  it('starts an export with a bearer key and a JSON body', async () => {
    const result = await run(['start', 'crs-j30wibe7', '3a07b27e-f744-11e6-babc-525400082493', '--json'], () => ({
      status: 201,
      body: exportResource({ state: 'VALIDATING' }),
    }));
    expect(result.code).toBe(0);
    expect(result.requests[0]).toMatchObject({
      method: 'POST',
      url: '/exports',
      authorization: `Bearer ${KEY}`,
      body: { redisId: 'crs-j30wibe7', backupId: '3a07b27e-f744-11e6-babc-525400082493' },
    });
    expect((JSON.parse(result.out) as { state: string }).state).toBe('VALIDATING');
  });

  it('says so when the export was already running (200)', async () => {
    const result = await run(['start', 'crs-j30wibe7', 'b'], () => ({ status: 200, body: exportResource() }));
    expect(result.out).toContain('already running');
  });

  it('sends list filters as query parameters and prints a table', async () => {
    const result = await run(['list', '--redis-id', 'crs-j30wibe7', '--state', 'failed', '--limit', '2'], () => ({
      status: 200,
      body: { items: [exportResource({ state: 'FAILED' })], nextCursor: null },
    }));
    expect(result.requests[0]?.url).toBe('/exports?redisId=crs-j30wibe7&state=FAILED&limit=2');
    expect(result.out).toMatch(/^EXPORT ID\s+STATE/);
    expect(result.out).toContain('FAILED');
  });

  it('exits 3 with the problem detail on an API error', async () => {
    const result = await run(['status', 'export-nope'], () => ({
      status: 404,
      body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no export export-nope' },
    }));
    expect(result.code).toBe(3);
    expect(result.err).toContain('get export: 404 Not Found: no export export-nope');
  });

  it('hints at the key when the API refuses it', async () => {
    const result = await run(['list'], () => ({ status: 401, body: { title: 'Unauthorized', status: 401 } }), {
      env: { CRS_EXPORT_API_KEY: '' },
    });
    expect(result.code).toBe(3);
    expect(result.requests[0]?.authorization).toBeUndefined();
    expect(result.err).toContain('no API key');
  });

  it('reads the key npm start kept in .data/api-key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'crs-cli-'));
    mkdirSync(join(cwd, '.data'));
    writeFileSync(join(cwd, '.data', 'api-key'), 'kept-key-0123456789abcdef\n');
    api = await startFakeExportApi(() => ({ status: 200, body: { items: [], nextCursor: null } }));
    const out = capture();
    const code = await runCli(['list'], {
      out,
      err: capture(),
      env: { CRS_EXPORT_API_URL: api.url },
      cwd,
      keyDirs: [cwd],
    });
    expect(code).toBe(0);
    expect(api.requests[0]?.authorization).toBe('Bearer kept-key-0123456789abcdef');
  });

  it('watches until SUCCEEDED, printing each change once and the download URLs, exit 0', async () => {
    const states = [
      exportResource({ state: 'EXPORTING', taskId: null, taskStatus: null, polls: 0 }),
      exportResource({ polls: 1 }),
      exportResource({ polls: 1 }),
      exportResource({
        state: 'SUCCEEDED',
        taskStatus: 2,
        polls: 2,
        files: [
          {
            shard: 1,
            name: 'a.rdb',
            sizeBytes: null,
            intranetUrl: 'http://in/a.rdb',
            extranetUrl: 'http://ex/a.rdb',
            expiresAt: '2026-11-29T22:00:00Z',
          },
        ],
      }),
    ];
    let call = 0;
    const result = await run(['watch', 'export-x', '--urls'], () => ({
      status: 200,
      body: states[Math.min(call++, 3)],
    }));
    expect(result.code).toBe(0);
    expect(api?.requests.every((request) => request.url.endsWith('?include=urls'))).toBe(true);
    const lines = result.out.trim().split('\n');
    expect(lines.filter((line) => line.includes('WAITING_FOR_TASK'))).toHaveLength(1);
    expect(result.out).toContain('extranet  http://ex/a.rdb');
  });

  it('redraws one line on a terminal', async () => {
    const result = await run(
      ['watch', 'export-x'],
      () => ({ status: 200, body: exportResource({ state: 'CANCELLED' }) }),
      {
        tty: true,
      },
    );
    expect(result.out.startsWith('\r\u001b[2K✖ ')).toBe(true);
    expect(result.code).toBe(1);
  });

  it('exits 1 when the watched export FAILED', async () => {
    const error = { code: 11214, name: 'OnlyClusterInstanceCanExportBackup', message: 'standalone', retryable: false };
    const result = await run(['watch', 'export-x'], () => ({
      status: 200,
      body: exportResource({ state: 'FAILED', error }),
    }));
    expect(result.code).toBe(1);
    expect(result.out).toContain('11214 OnlyClusterInstanceCanExportBackup');
  });

  it('retries a FAILED export and follows it to SUCCEEDED with --watch; a 409 is an API error (exit 3)', async () => {
    const answers = [exportResource({ state: 'VALIDATING' }), exportResource({ state: 'SUCCEEDED', taskStatus: 2 })];
    let call = 0;
    const result = await run(['retry', 'export-x', '--watch'], () => ({
      status: call === 0 ? 202 : 200,
      body: answers[Math.min(call++, 1)],
    }));
    expect(result.code).toBe(0);
    expect(result.requests[0]).toMatchObject({ method: 'POST', url: '/exports/export-x/retry' });
    expect(result.requests.slice(1).every((request) => request.method === 'GET')).toBe(true);
    expect(result.out).toContain('retrying (a new run under the same ID)');
    const refused = await run(['retry', 'export-x'], () => ({
      status: 409,
      body: {
        type: 'urn:crs-export:problem:export-not-retryable',
        status: 409,
        detail: 'export export-x ended SUCCEEDED',
      },
    }));
    expect(refused.code).toBe(3);
    expect(refused.err).toContain('ended SUCCEEDED');
  });

  it('exits 2 on a usage error without calling the API', async () => {
    const result = await run(['cancel'], () => ({ status: 500 }));
    expect(result.code).toBe(2);
    expect(result.requests).toHaveLength(0);
  });

  it('exits 3 when the API cannot be reached', async () => {
    const out = capture();
    const err = capture();
    const code = await runCli(['status', 'x'], {
      out,
      err,
      env: { CRS_EXPORT_API_URL: 'http://127.0.0.1:9' },
      cwd: tmpdir(),
    });
    expect(code).toBe(3);
    expect(err.text()).toContain('cannot reach the API at http://127.0.0.1:9');
  });
});
