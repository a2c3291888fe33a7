// Each download fault the CRS simulator can inject is either recovered (the object is the source, same
// SHA-256) or fails with a clear error that names the shard and the check, with nothing left under the
// final name and no open multipart upload; an expired URL (403) is fetched again through `freshUrl`.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { ManualClock } from '@crs-export/crs-simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ArchiveCheckError,
  ArchiveSourceError,
  openArchiveStore,
  transferFile,
  type ArchiveStore,
  type TransferEvent,
  type TransferFileOptions,
  type TransferResult,
} from '../src';
import {
  bytesOf,
  download,
  S3_SETUP_TIMEOUT_MS,
  startTestS3,
  storedBytes,
  tempDir,
  type TempDir,
  type TestS3,
} from './support/archive-test-env';
import { startSimulatedBackup, type SimulatedBackup } from './support/simulated-backup';

const MiB = 1024 * 1024;
const SIZE = 12 * MiB + 321;
const KEY = 'crs-arch0001/20261127T190000Z-faults/shard-1.rdb';

let s3: TestS3;
let dir: TempDir;
let backup: SimulatedBackup;
const clock = new ManualClock(Date.UTC(2026, 10, 28, 4));
let source: Buffer;
let sourceSha256: string;

beforeAll(async () => {
  s3 = await startTestS3();
  dir = tempDir('faults');
  backup = await startSimulatedBackup({ shardSizes: [SIZE], clock });
  source = await bytesOf(await download(await backup.freshUrl(1)));
  sourceSha256 = createHash('sha256').update(source).digest('hex');
}, S3_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await backup?.close();
  await s3?.stop();
  dir?.remove();
});

afterEach(() => {
  backup.sim.setFaults({});
});

interface Run {
  events: TransferEvent[];
  result: TransferResult | null;
  error: unknown;
}

async function transfer(store: ArchiveStore, options: Partial<TransferFileOptions> = {}): Promise<Run> {
  const events: TransferEvent[] = [];
  const url = await backup.freshUrl(1);
  try {
    const result = await transferFile({
      store,
      key: KEY,
      shard: 1,
      source: { url, sizeBytes: SIZE, freshUrl: () => backup.freshUrl(1) },
      checks: { expectedRdbVersion: 10 },
      partSizeBytes: 5 * MiB,
      retryDelayMs: 10,
      onEvent: (event) => events.push(event),
      ...options,
    });
    return { events, result, error: null };
  } catch (error) {
    return { events, result: null, error };
  }
}

function ofType<T extends TransferEvent['type']>(run: Run, type: T): Extract<TransferEvent, { type: T }>[] {
  return run.events.filter((event): event is Extract<TransferEvent, { type: T }> => event.type === type);
}

function faultOnce(fault: Record<string, unknown>): void {
  backup.sim.setFaults({ download: { files: [{ shard: 1, times: 1, ...fault }] } });
}

async function expectTheSource(store: ArchiveStore, run: Run): Promise<void> {
  expect(run.error).toBeNull();
  expect(run.result?.sha256).toBe(sourceSha256);
  expect((await storedBytes(store, KEY)).equals(source)).toBe(true);
}

async function expectNothingLeft(store: ArchiveStore): Promise<void> {
  expect(await store.head(KEY)).toBeNull();
  expect(await store.listUploads('')).toEqual([]);
}

describe('recovered faults (S3)', () => {
  const store = (): ArchiveStore => s3.store('recovered');

  it.each([
    ['a flipped bit', { fault: 'flipBit', atFraction: 0.6 }, ['crc', 'structure'], true],
    ['a wrong CRC trailer', { fault: 'badCrc' }, ['crc'], true],
    // The answer's length is not Tencent's size: refused before any upload begins.
    ['a truncated body (Content-Length agreeing)', { fault: 'truncate', atFraction: 0.3 }, ['size'], false],
    ['a Content-Length 16 bytes too long', { fault: 'wrongContentLength', lengthDelta: 16 }, ['size'], false],
    ['a Content-Length 16 bytes too short', { fault: 'wrongContentLength', lengthDelta: -16 }, ['size'], false],
  ])(
    '%s: the check fails, any upload is aborted, the file is downloaded again',
    async (_what, fault, checks, uploaded) => {
      faultOnce(fault);
      const run = await transfer(store());
      await expectTheSource(store(), run);
      expect(run.result?.attempts).toBe(2);
      const failed = ofType(run, 'check-failed');
      expect(failed).toHaveLength(1);
      expect(checks).toContain(failed[0]?.check);
      expect(failed[0]).toMatchObject({ attempt: 1, willRetry: true });
      expect(ofType(run, 'upload-aborted')).toEqual(
        uploaded ? [expect.objectContaining({ reason: 'check-failed' })] : [],
      );
      expect(ofType(run, 'download-started')).toHaveLength(2);
      expect(await s3.openUploads()).toEqual([]);
    },
  );

  it('a connection dropped in the middle of the body: goes on with a Range request from the byte it had', async () => {
    faultOnce({ fault: 'dropConnection', atFraction: 0.55 });
    const run = await transfer(store());
    await expectTheSource(store(), run);
    expect(run.result?.attempts).toBe(1);
    expect(ofType(run, 'check-failed')).toEqual([]);
    const retry = ofType(run, 'retry');
    expect(retry).toHaveLength(1);
    const ranges = ofType(run, 'range-request');
    expect(ranges).toEqual([expect.objectContaining({ reason: 'reconnect', offset: retry[0]?.offset })]);
    expect(ranges[0]?.offset).toBeGreaterThan(0);
    expect(ranges[0]?.range).toBe(`bytes=${ranges[0]?.offset}-`);
  });

  it('a slow body: arrives whole, checked', async () => {
    backup.sim.setFaults({ download: { files: [{ shard: 1, fault: 'slow', bytesPerSecond: 16 * MiB }] } });
    const run = await transfer(store());
    await expectTheSource(store(), run);
    expect(run.result?.attempts).toBe(1);
  });

  it('an expired URL (403 from the simulated COS): a fresh one is fetched and the transfer goes on', async () => {
    const stale = await backup.freshUrl(1);
    clock.advance(7 * 3600_000);
    let refreshed = 0;
    const run = await transfer(store(), {
      source: {
        url: stale,
        sizeBytes: SIZE,
        freshUrl: () => {
          refreshed += 1;
          return backup.freshUrl(1);
        },
      },
    });
    await expectTheSource(store(), run);
    expect(refreshed).toBe(1);
    expect(ofType(run, 'url-refreshed')).toEqual([expect.objectContaining({ status: 403, offset: 0, refreshes: 1 })]);
    expect(JSON.stringify(run.events)).not.toContain('q-signature');
  });

  it('the same faults into a directory: recovered the same way, no partial file left', async () => {
    const directory = openArchiveStore(`file://${dir.path}/recovered`);
    faultOnce({ fault: 'flipBit' });
    const run = await transfer(directory);
    await expectTheSource(directory, run);
    faultOnce({ fault: 'dropConnection', atFraction: 0.2 });
    const second = await transfer(directory);
    await expectTheSource(directory, second);
    expect(readdirSync(`${dir.path}/recovered/crs-arch0001/20261127T190000Z-faults`)).toEqual(['shard-1.rdb']);
  });
});

describe('faults that do not go away', () => {
  it('a bit flipped on every download: fails after 3 attempts with the shard and the check, nothing left (S3)', async () => {
    const store = s3.store('failed');
    backup.sim.setFaults({ download: { files: [{ shard: 1, fault: 'flipBit' }] } });
    const run = await transfer(store);
    expect(run.error).toBeInstanceOf(ArchiveCheckError);
    const error = run.error as ArchiveCheckError;
    expect(['crc', 'structure']).toContain(error.check);
    expect(error).toMatchObject({ shard: 1, key: KEY, attempts: 3 });
    expect(error.message).toMatch(
      new RegExp(`^shard 1 \\(${KEY}\\) failed the (crc|structure) check after 3 attempts: `),
    );
    expect(ofType(run, 'check-failed').map((event) => event.willRetry)).toEqual([true, true, false]);
    await expectNothingLeft(store);
    expect(await s3.openUploads()).toEqual([]);
  });

  it('a body cut short every time, no size from Tencent: the walk finds it truncated; no partial file (directory)', async () => {
    const store = openArchiveStore(`file://${dir.path}/failed`);
    backup.sim.setFaults({ download: { files: [{ shard: 1, fault: 'truncate', atFraction: 0.7 }] } });
    const run = await transfer(store, { source: { url: await backup.freshUrl(1), sizeBytes: null }, maxAttempts: 2 });
    expect(run.error).toBeInstanceOf(ArchiveCheckError);
    expect(run.error).toMatchObject({ check: 'truncated', shard: 1, attempts: 2 });
    await expectNothingLeft(store);
    expect(readdirSync(`${dir.path}/failed`)).toEqual([]);
  });

  it('a CRC trailer that is always wrong: fails with the crc check', async () => {
    const store = s3.store('failed');
    backup.sim.setFaults({ download: { files: [{ shard: 1, fault: 'badCrc' }] } });
    const run = await transfer(store, { maxAttempts: 1 });
    expect(run.error).toMatchObject({ check: 'crc', attempts: 1 });
    await expectNothingLeft(store);
  });

  it('a source that answers 503 every time: fails as retryable after the retries, having created no upload', async () => {
    const store = s3.store('failed');
    backup.sim.setFaults({ download: { httpErrorRate: 1, httpStatuses: [503] } });
    const run = await transfer(store, { maxNetworkRetries: 2 });
    expect(run.error).toBeInstanceOf(ArchiveSourceError);
    expect(run.error).toMatchObject({ status: 503, retryable: true });
    expect(ofType(run, 'retry')).toHaveLength(2);
    await expectNothingLeft(store);
  });

  it('a refused URL with no way to a fresh one: fails as not retryable, nothing left', async () => {
    const store = s3.store('failed');
    const stale = await backup.freshUrl(1);
    clock.advance(7 * 3600_000);
    const run = await transfer(store, { source: { url: stale, sizeBytes: SIZE } });
    expect(run.error).toBeInstanceOf(ArchiveSourceError);
    expect(run.error).toMatchObject({ status: 403, retryable: false });
    expect((run.error as Error).message).toMatch(
      /refused the URL \(HTTP 403 AccessDenied\) and no fresh URL can be had/,
    );
    await expectNothingLeft(store);
  });
});
