// `crs-export batch ...` and `schedule ...` against a real local HTTP server: the requests they send, what
// they print, their exit codes, and usage errors that never reach the API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchStatus } from '@crs-export/contracts';
import { runCli, type CliIo } from '../src/run-cli';
import { capture, startFakeExportApi, type FakeExportApi, type Handler } from './fake-export-api';

const KEY = 'test-key-0123456789abcdef';
let api: FakeExportApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

async function run(argv: string[], handler: Handler, options: { tty?: boolean } = {}) {
  api = await startFakeExportApi(handler);
  const out = capture(options.tty);
  const err = capture();
  const cwd = mkdtempSync(join(tmpdir(), 'crs-cli-'));
  const io: CliIo = {
    out,
    err,
    env: { CRS_EXPORT_API_URL: api.url, CRS_EXPORT_API_KEY: KEY },
    cwd,
    keyDirs: [cwd],
    sleep: () => Promise.resolve(),
  };
  const code = await runCli(argv, io);
  return { code, out: out.text(), err: err.text(), requests: api.requests };
}

function batch(overrides: Partial<BatchStatus> = {}): BatchStatus {
  return {
    batchId: 'batch-0123456789abcdef01234567',
    state: 'RUNNING',
    selector: { region: 'ap-guangzhou', tags: { team: 'payments' } },
    backup: 'latest',
    destination: 's3://backups/prod',
    scheduleId: null,
    total: 10,
    counts: { PENDING: 5, RUNNING: 3, SUCCEEDED: 2 },
    failures: [],
    failuresOmitted: 0,
    retention: null,
    error: null,
    startedAt: new Date(Date.now() - 5000).toISOString(),
    finishedAt: null,
    ...overrides,
  };
}

const schedule = {
  scheduleId: 'nightly-gz',
  spec: { cron: ['0 3 * * *'], every: null, offset: null, timeZone: 'Asia/Shanghai', jitter: null },
  policy: { overlap: 'SKIP', catchupWindow: '1h', pauseOnFailure: false },
  batch: { selector: { region: 'ap-guangzhou' }, backup: 'latest', destination: 's3://backups/prod' },
  note: null,
  paused: false,
  nextRunsAt: ['2026-12-02T19:00:00.000Z'],
  recentRuns: [],
  runningBatchIds: [],
  createdAt: '2026-12-02T05:00:00.000Z',
  updatedAt: null,
};

describe('crs-export batch', () => {
  it('starts a batch from selector options, with retention, notify and an Idempotency-Key', async () => {
    const result = await run(
      [
        'batch',
        'start',
        '--region',
        'ap-guangzhou',
        '--tag',
        'team=payments',
        '--tag',
        'env=prod',
        '--architecture',
        'cluster',
        '--destination',
        's3://backups/prod',
        '--keep-days',
        '30',
        '--keep-last',
        '3',
        '--notify',
        'ops,oncall',
        '--notify-exports',
        'failed',
        '--concurrency',
        '20',
        '--idempotency-key',
        'nightly-1',
        '--json',
      ],
      () => ({ status: 201, body: batch() }),
    );
    expect(result.code, result.err).toBe(0);
    expect(result.requests[0]).toMatchObject({
      method: 'POST',
      url: '/batches',
      authorization: `Bearer ${KEY}`,
      body: {
        selector: { region: 'ap-guangzhou', tags: { team: 'payments', env: 'prod' }, architecture: 'cluster' },
        destination: 's3://backups/prod',
        concurrency: 20,
        retention: { keepLast: 3, keepDays: 30 },
        notify: ['ops', 'oncall'],
        notifyExports: 'failed',
      },
    });
    expect((JSON.parse(result.out) as BatchStatus).batchId).toBe('batch-0123456789abcdef01234567');
  });

  it('follows a batch until it ends, one line per change, and exits 1 when some exports failed', async () => {
    const answers = [
      batch(),
      batch(),
      batch({ counts: { PENDING: 0, RUNNING: 2, SUCCEEDED: 7, FAILED: 1 } }),
      batch({
        state: 'FAILED',
        counts: { PENDING: 0, RUNNING: 0, SUCCEEDED: 9, FAILED: 1 },
        failures: [
          {
            redisId: 'crs-aaaaaaaa',
            exportId: 'export-crs-aaaaaaaa-latest-x',
            state: 'FAILED',
            error: { code: 'ResourceNotFound.InstanceNotExists', name: 'InstanceNotExists', message: 'gone' },
          },
        ],
        finishedAt: new Date().toISOString(),
      }),
    ];
    let call = 0;
    const result = await run(['batch', 'status', 'batch-0123456789abcdef01234567', '--watch'], () => ({
      status: 200,
      body: answers[Math.min(call++, answers.length - 1)],
    }));
    expect(result.code).toBe(1);
    const progress = result.out.split('\n').filter((line) => line.startsWith('batch-'));
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(/RUNNING +\[####\.+\] 2\/10 +✔ 2 +✖ 0 +⟳ 3 +⋯ 5/);
    expect(progress[2]).toMatch(/FAILED +\[#{20}\] 10\/10 +✔ 9 +✖ 1/);
    expect(result.out).toContain('crs-aaaaaaaa  FAILED  ResourceNotFound.InstanceNotExists: gone');
  });

  it('cancels a batch', async () => {
    const result = await run(['batch', 'cancel', 'batch-0123456789abcdef01234567'], () => ({
      status: 202,
      body: batch({ state: 'CANCELLED' }),
    }));
    expect(result.code).toBe(0);
    expect(result.requests[0]).toMatchObject({ method: 'POST', url: '/batches/batch-0123456789abcdef01234567/cancel' });
  });

  it.each([
    [['batch', 'start', '--ids', 'crs-aaaaaaaa', '--name', 'x'], /not both/],
    [['batch', 'start', '--tag', 'nokey'], /key=value/],
    [['batch', 'start', '--dry-run'], /--dry-run goes with/],
    [['batch', 'start', '--concurrency', '0'], /--concurrency must be an integer from 1 to 500/],
    [['batch', 'status'], /takes <batchId>/],
    [['batch', 'cancel', 'b', '--destination', 'x'], /does not take --destination/],
    [['batch', 'frobnicate'], /unknown batch command/],
  ])('refuses %j with exit 2 before calling the API', async (argv, message) => {
    const result = await run(argv, () => ({ status: 500 }));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.requests).toHaveLength(0);
  });
});

describe('crs-export schedule', () => {
  it('creates a nightly schedule with its batch options', async () => {
    const result = await run(
      [
        'schedule',
        'create',
        'nightly-gz',
        '--cron',
        '0 3 * * *',
        '--region',
        'ap-guangzhou',
        '--destination',
        's3://backups/prod',
        '--keep-days',
        '30',
        '--notify',
        'ops',
        '--jitter',
        '5m',
      ],
      () => ({ status: 201, body: schedule }),
    );
    expect(result.code, result.err).toBe(0);
    expect(result.requests[0]).toMatchObject({
      method: 'POST',
      url: '/schedules',
      body: {
        scheduleId: 'nightly-gz',
        cron: ['0 3 * * *'],
        jitter: '5m',
        batch: {
          selector: { region: 'ap-guangzhou' },
          destination: 's3://backups/prod',
          retention: { keepDays: 30 },
          notify: ['ops'],
        },
      },
    });
    expect(result.out).toContain('0 3 * * * (Asia/Shanghai)');
  });

  it('lists schedules as a table', async () => {
    const result = await run(['schedule', 'list'], () => ({ status: 200, body: { items: [schedule] } }));
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^SCHEDULE +STATE +WHEN/);
    expect(result.out).toMatch(/nightly-gz +active +0 3 \* \* \* +Asia\/Shanghai +2026-12-02T19:00:00.000Z/);
  });

  it('pauses with a note, resumes, deletes', async () => {
    const paused = await run(['schedule', 'pause', 'nightly-gz', '--note', 'migration'], () => ({
      status: 200,
      body: { ...schedule, paused: true },
    }));
    expect(paused.requests[0]).toMatchObject({
      method: 'POST',
      url: '/schedules/nightly-gz/pause',
      body: { note: 'migration' },
    });
    const resumed = await run(['schedule', 'resume', 'nightly-gz'], () => ({ status: 200, body: schedule }));
    expect(resumed.requests[0]).toMatchObject({ method: 'POST', url: '/schedules/nightly-gz/resume' });
    const deleted = await run(['schedule', 'delete', 'nightly-gz'], () => ({ status: 204 }));
    expect(deleted.code).toBe(0);
    expect(deleted.requests[0]).toMatchObject({ method: 'DELETE', url: '/schedules/nightly-gz' });
  });

  it('triggers a run and follows its batch to the end', async () => {
    const result = await run(['schedule', 'trigger', 'nightly-gz', '--watch', '--json'], (request) =>
      request.url.endsWith('/trigger')
        ? { status: 202, body: { ...schedule, triggeredBatchId: 'batch-nightly-gz-2026-12-02T05:00:00Z' } }
        : {
            status: 200,
            body: batch({
              batchId: 'batch-nightly-gz-2026-12-02T05:00:00Z',
              state: 'SUCCEEDED',
              counts: { SUCCEEDED: 10 },
              scheduleId: 'nightly-gz',
              finishedAt: new Date().toISOString(),
            }),
          },
    );
    expect(result.code, result.err).toBe(0);
    expect(result.requests.map((request) => request.url)).toEqual([
      '/schedules/nightly-gz/trigger',
      '/batches/batch-nightly-gz-2026-12-02T05%3A00%3A00Z?limit=1',
    ]);
    expect((JSON.parse(result.out.trim().split('\n').at(-1) ?? '{}') as BatchStatus).state).toBe('SUCCEEDED');
  });

  it('needs --cron or --every, and says what a 4xx meant', async () => {
    const missing = await run(['schedule', 'create', 'x'], () => ({ status: 500 }));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/needs --cron and\/or --every/);
    const conflict = await run(['schedule', 'create', 'nightly-gz', '--every', '24h'], () => ({
      status: 409,
      body: {
        title: 'Conflict',
        status: 409,
        detail: 'schedule nightly-gz already exists; PATCH it, or DELETE it first',
      },
    }));
    expect(conflict.code).toBe(3);
    expect(conflict.err).toMatch(/create schedule: 409 Conflict: schedule nightly-gz already exists/);
  });
});
