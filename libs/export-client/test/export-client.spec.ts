import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_STATES, exportIdFor } from '@crs-export/contracts';
import { Secret } from '@crs-export/config';
import { dataConverterFor } from '@crs-export/payload-codec';
import { testDataConverter, testTemporalAddress } from '@crs-export/testing';
import {
  ExportAlreadyFinishedError,
  ExportClient,
  ExportNotFoundError,
  InvalidCursorError,
  TemporalUnavailableError,
} from '../src';

const root = join(__dirname, '..', '..', '..');
const taskQueue = `export-client-${randomUUID()}`;
let connection: Connection;
let client: Client;
let exports: ExportClient;
let worker: Worker;
let workerRun: Promise<void>;

const start = (redisId: string, backupId = randomUUID()) => exports.startExport({ redisId, backupId, region: 'gz' });

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  // The stand-in fails workflows on purpose; keep their WARN lines out of the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  connection = await Connection.connect({ address: testTemporalAddress() });
  const dataConverter = await testDataConverter();
  client = new Client({ connection, dataConverter });
  exports = new ExportClient({ client, taskQueue, queryTimeoutMs: 2_000 });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: testTemporalAddress() }),
    taskQueue,
    dataConverter,
    workflowsPath: join(__dirname, 'fixtures', 'stand-in-export.workflow.ts'),
    bundlerOptions: {
      // The bundler does not read tsconfig paths.
      webpackConfigHook: (config) => ({
        ...config,
        resolve: {
          ...config.resolve,
          alias: {
            ...(config.resolve?.alias as Record<string, string> | undefined),
            '@crs-export/contracts': join(root, 'libs/contracts/src/index.ts'),
            '@crs-export/workflows': join(root, 'workflows/src/index.ts'),
          },
        },
      }),
    },
  });
  workerRun = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await connection?.close();
});

describe('ExportClient against a real Temporal server', () => {
  it('starts one export per backup and hands back the running one on a second start', async () => {
    const backupId = randomUUID();
    const first = await start('crs-waiting0', backupId);
    const second = await start('crs-waiting0', backupId);
    expect(first.created).toBe(true);
    expect(first.status).toMatchObject({ exportId: exportIdFor('crs-waiting0', backupId), state: 'VALIDATING' });
    expect(second.created).toBe(false);
    expect(second.status.exportId).toBe(first.status.exportId);
    await exports.cancelExport(first.status.exportId, 'test over');
  });

  it('reads a succeeded export from its result', async () => {
    const { status } = await start('crs-succeed0');
    const done = await eventually(
      () => exports.getExport(status.exportId),
      (s) => s.state === 'SUCCEEDED',
    );
    expect(done).toMatchObject({
      state: 'SUCCEEDED',
      taskId: 4242,
      files: [{ shard: 1, extranetUrl: 'http://extranet/x.rdb' }],
    });
  });

  it('reads a failed export from the failure details, with the Tencent code', async () => {
    const { status } = await start('crs-failing0');
    const done = await eventually(
      () => exports.getExport(status.exportId),
      (s) => s.state === 'FAILED',
    );
    expect(done.error).toMatchObject({ code: 11214, name: 'OnlyClusterInstanceCanExportBackup', retryable: false });
  });

  it('cancels a running export by signal, and refuses to cancel it again', async () => {
    const { status } = await start('crs-waiting0');
    await eventually(
      () => exports.getExport(status.exportId),
      (s) => s.state === 'WAITING_FOR_TASK',
    );
    await exports.cancelExport(status.exportId, 'no longer needed');
    const done = await eventually(
      () => exports.getExport(status.exportId),
      (s) => s.state === 'CANCELLED',
    );
    expect(done.cancellation?.reason).toBe('no longer needed');
    await expect(exports.cancelExport(status.exportId, 'again')).rejects.toBeInstanceOf(ExportAlreadyFinishedError);
  });

  it('reports a terminated export as FAILED from what Temporal recorded', async () => {
    const { status } = await start('crs-waiting0');
    await eventually(
      () => exports.getExport(status.exportId),
      (s) => s.state === 'WAITING_FOR_TASK',
    );
    await client.workflow.getHandle(status.exportId).terminate('operator');
    const done = await exports.getExport(status.exportId);
    expect(done).toMatchObject({
      state: 'FAILED',
      redisId: 'crs-waiting0',
      region: 'gz',
      error: { code: 'ExportTerminated' },
    });
  });

  it('falls back to search attributes when no worker answers the query', async () => {
    const idle = new ExportClient({ client, taskQueue: `nobody-${randomUUID()}`, queryTimeoutMs: 500 });
    const { status } = await idle.startExport({ redisId: 'crs-idle0000', backupId: randomUUID(), region: 'sh' });
    const read = await idle.getExport(status.exportId);
    expect(read).toMatchObject({ state: 'VALIDATING', redisId: 'crs-idle0000', region: 'sh' });
    await client.workflow.getHandle(status.exportId).terminate('test over');
  });

  it('throws ExportNotFoundError for unknown and malformed export IDs', async () => {
    await expect(exports.getExport(exportIdFor('crs-nothere0', randomUUID()))).rejects.toBeInstanceOf(
      ExportNotFoundError,
    );
    await expect(exports.getExport('export-../../etc')).rejects.toBeInstanceOf(ExportNotFoundError);
    await expect(exports.cancelExport('nope', 'x')).rejects.toBeInstanceOf(ExportNotFoundError);
  });

  it('lists exports by redisId a page at a time, newest first, with opaque cursors', async () => {
    const redisId = `crs-${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const a = await start(redisId);
    // Start times order the page; two starts in the same millisecond (a loaded machine) would tie.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = await start(redisId);
    const firstPage = await eventually(
      () => exports.listExports({ redisId, limit: 1 }),
      (page) => page.items.length === 1 && page.nextCursor !== null,
    );
    expect(firstPage.items[0]).toMatchObject({ exportId: b.status.exportId, redisId, region: 'gz' });
    const secondPage = await exports.listExports({ redisId, limit: 1, cursor: firstPage.nextCursor ?? '' });
    expect(secondPage.items.map((item) => item.exportId)).toEqual([a.status.exportId]);
    await expect(
      exports.listExports({ state: 'FAILED', limit: 1, cursor: firstPage.nextCursor ?? '' }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await Promise.all([a, b].map((started) => exports.cancelExport(started.status.exportId, 'test over')));
  });

  it('lists an export whose memo this deployment cannot decrypt (a retired key) instead of failing the page', async () => {
    const redisId = `crs-${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const started = await start(redisId);
    const otherKey = await dataConverterFor({
      codec: { keysFile: null, keys: new Secret(`k-other:${randomBytes(32).toString('base64')}`) },
    });
    const stranger = new ExportClient({ client: new Client({ connection, dataConverter: otherKey }), taskQueue });
    const page = await eventually(
      () => stranger.listExports({ redisId, limit: 10 }),
      (listed) => listed.items.length === 1,
    );
    // What search attributes say (never encoded) is there; the encrypted memo's region is not.
    expect(page.items).toEqual([
      expect.objectContaining({
        exportId: started.status.exportId,
        redisId,
        backupId: started.status.backupId,
        region: '',
      }),
    ]);
    await exports.cancelExport(started.status.exportId, 'test over');
  });

  it('lists by state and counts exports per state', async () => {
    const { status } = await start('crs-failing0');
    const failed = await eventually(
      () => exports.listExports({ state: 'FAILED', limit: 100 }),
      (page) => page.items.some((item) => item.exportId === status.exportId),
    );
    expect(failed.items.every((item) => item.state === 'FAILED')).toBe(true);
    const counts = await exports.countExportsByState();
    expect(counts.FAILED).toBeGreaterThanOrEqual(1);
    expect(Object.keys(counts).sort()).toEqual([...EXPORT_STATES].sort());
  });

  it('reports an unreachable Temporal as TemporalUnavailableError, within its deadline', async () => {
    const offline = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const unreachable = new ExportClient({ client: offline, taskQueue, callTimeoutMs: 1_000 });
    const began = Date.now();
    await expect(unreachable.getExport(exportIdFor('crs-offline0', randomUUID()))).rejects.toBeInstanceOf(
      TemporalUnavailableError,
    );
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(await unreachable.isTemporalReachable(500)).toBe(false);
    expect(await exports.isTemporalReachable(2_000)).toBe(true);
    await offline.connection.close();
  });
});
