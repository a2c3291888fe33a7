// A transfer stopped in the middle (interrupted, or its process SIGKILLed) resumes from its last checkpoint
// in a new call: the prefix is read again to rebuild the SHA-256 and compared part by part, the download
// goes on with a Range request from the checkpoint, no part is uploaded twice, and the object is the
// source byte for byte. A cancelled transfer leaves no object and no open multipart upload. A 256 MiB file
// goes through a process whose RSS grows by well under 64 MiB.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abandonTransfer,
  ArchiveCancelledError,
  ArchiveInterruptedError,
  openArchiveStore,
  transferFile,
  type ArchiveStore,
  type TransferCheckpoint,
  type TransferEvent,
  type TransferFileOptions,
} from '../src';
import {
  download,
  S3_SETUP_TIMEOUT_MS,
  sha256Of,
  startTestS3,
  tempDir,
  TEST_BUCKET,
  type TempDir,
  type TestS3,
} from './support/archive-test-env';
import { startSimulatedBackup, type SimulatedBackup } from './support/simulated-backup';
import type { TransferChildInput, TransferChildLine } from './support/transfer-child';

const MiB = 1024 * 1024;
// Large enough that the download cannot have run to its end when a stop at 10 MiB is asked for.
const SMALL = 40 * MiB + 999;
const LARGE = 256 * MiB;
const root = resolve(import.meta.dirname, '..', '..', '..');

let s3: TestS3;
let dir: TempDir;
let backup: SimulatedBackup;
const sha256 = new Map<number, string>();

beforeAll(async () => {
  s3 = await startTestS3();
  dir = tempDir('resume');
  backup = await startSimulatedBackup({ shardSizes: [SMALL, LARGE] });
  for (const shard of [1, 2]) sha256.set(shard, await sha256Of(await download(await backup.freshUrl(shard))));
}, S3_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await backup?.close();
  await s3?.stop();
  dir?.remove();
});

function ofType<T extends TransferEvent['type']>(
  events: TransferEvent[],
  type: T,
): Extract<TransferEvent, { type: T }>[] {
  return events.filter((event): event is Extract<TransferEvent, { type: T }> => event.type === type);
}

async function options(store: ArchiveStore, key: string, events: TransferEvent[]): Promise<TransferFileOptions> {
  return {
    store,
    key,
    shard: 1,
    source: { url: await backup.freshUrl(1), sizeBytes: SMALL, freshUrl: () => backup.freshUrl(1) },
    partSizeBytes: 5 * MiB,
    onEvent: (event) => events.push(event),
  };
}

/** Runs a transfer and stops it (interrupt or cancel) once a part past `atBytes` is in. */
async function stoppedAt(
  store: ArchiveStore,
  key: string,
  atBytes: number,
  how: 'interrupt' | 'cancel',
): Promise<{ error: unknown; checkpoints: TransferCheckpoint[]; events: TransferEvent[] }> {
  const events: TransferEvent[] = [];
  const checkpoints: TransferCheckpoint[] = [];
  const stop = new AbortController();
  const base = await options(store, key, events);
  const error = await transferFile({
    ...base,
    ...(how === 'interrupt' ? { interruptSignal: stop.signal } : { signal: stop.signal }),
    onCheckpoint: (checkpoint) => {
      checkpoints.push(checkpoint);
      if (checkpoint.bytesDone >= atBytes) stop.abort();
    },
  }).then(
    () => null,
    (caught: unknown) => caught,
  );
  return { error, checkpoints, events };
}

const stores: [string, () => ArchiveStore, 'store' | 'source'][] = [
  ['S3', () => s3.store('resume'), 'source'],
  ['a directory', () => openArchiveStore(`file://${dir.path}/resume`), 'store'],
];

describe.each(stores)('a transfer into %s', (name, storeOf, rehashFrom) => {
  it('interrupted after a part, resumes in a new call from its checkpoint and ends byte-identical', async () => {
    const store = storeOf();
    const key = `crs-arch0001/20261127T190000Z-interrupted/shard-1.rdb`;
    const first = await stoppedAt(store, key, 10 * MiB, 'interrupt');
    expect(first.error).toBeInstanceOf(ArchiveInterruptedError);
    const checkpoint = (first.error as ArchiveInterruptedError).checkpoint;
    expect(checkpoint?.bytesDone).toBeGreaterThanOrEqual(10 * MiB);
    expect(checkpoint).toEqual(first.checkpoints.at(-1));
    // One checkpoint per growth of the completed run, each further on.
    const done = first.checkpoints.map((c) => c.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBe(done.length);
    const json = JSON.stringify(checkpoint);
    expect(json.length).toBeLessThan(16 * 1024);
    expect(await store.head(key)).toBeNull();
    expect(await store.listUploads('')).toEqual([{ key, uploadId: checkpoint?.uploadId }]);

    const events: TransferEvent[] = [];
    const result = await transferFile({
      ...(await options(store, key, events)),
      checkpoint: JSON.parse(json) as unknown,
    });
    const bytesDone = checkpoint?.bytesDone ?? 0;
    expect(result).toMatchObject({ sha256: sha256.get(1), sizeBytes: SMALL, resumed: true, attempts: 1 });
    expect(await sha256Of(await store.get(key))).toBe(sha256.get(1));
    expect(ofType(events, 'resumed')).toEqual([
      expect.objectContaining({
        uploadId: checkpoint?.uploadId,
        bytesDone,
        parts: checkpoint?.parts.length,
        rehashFrom,
      }),
    ]);
    const ranges = ofType(events, 'range-request');
    expect(ranges.filter((event) => event.reason === 'resume')).toEqual([
      expect.objectContaining({ offset: bytesDone, range: `bytes=${bytesDone}-` }),
    ]);
    // The prefix for the SHA-256: read back from the directory's partial file, else asked of the source.
    expect(ranges.filter((event) => event.reason === 'rehash')).toEqual(
      rehashFrom === 'source' ? [expect.objectContaining({ offset: 0, range: `bytes=0-${bytesDone - 1}` })] : [],
    );
    expect(ofType(events, 'rehash-read')).toHaveLength(rehashFrom === 'store' ? 1 : 0);
    expect(ofType(events, 'download-started')).toEqual([]);
    const uploaded = ofType(events, 'part-uploaded').map((event) => event.partNumber);
    expect(Math.min(...uploaded)).toBe((checkpoint?.parts.length ?? 0) + 1);
    expect(await store.listUploads('')).toEqual([]);
    void name;
  });

  it('resumes from a checkpoint whose upload was abandoned by starting afresh, and still ends right', async () => {
    const store = storeOf();
    const key = `crs-arch0001/20261127T190000Z-gone/shard-1.rdb`;
    const first = await stoppedAt(store, key, 5 * MiB, 'interrupt');
    const checkpoint = (first.error as ArchiveInterruptedError).checkpoint;
    expect(await abandonTransfer(store, checkpoint)).toBe(true);
    expect(await store.listUploads('')).toEqual([]);
    const events: TransferEvent[] = [];
    const result = await transferFile({ ...(await options(store, key, events)), checkpoint });
    expect(result).toMatchObject({ sha256: sha256.get(1), resumed: false });
    expect(ofType(events, 'resume-discarded')).toEqual([
      expect.objectContaining({ reason: `the store no longer has upload ${checkpoint?.uploadId}` }),
    ]);
  });

  it('cancelled during the transfer: no object, no open upload, no partial file', async () => {
    const store = storeOf();
    const key = `crs-arch0001/20261127T190000Z-cancelled/shard-1.rdb`;
    const run = await stoppedAt(store, key, 5 * MiB, 'cancel');
    expect(run.error).toBeInstanceOf(ArchiveCancelledError);
    expect(ofType(run.events, 'upload-aborted')).toEqual([expect.objectContaining({ reason: 'cancelled' })]);
    expect(await store.head(key)).toBeNull();
    expect(await store.listUploads('')).toEqual([]);
    if (rehashFrom === 'source') expect(await s3.openUploads()).toEqual([]);
    else expect(readdirSync(`${dir.path}/resume`).filter((entry) => entry.includes('cancelled'))).toEqual([]);
  });
});

interface Child {
  lines: AsyncIterable<string>;
  kill(): void;
  exited: Promise<number | null>;
}

function startChild(input: TransferChildInput): Child {
  const child = spawn(
    process.execPath,
    [
      join(root, 'tools', 'run-ts.cjs'),
      join(import.meta.dirname, 'support', 'transfer-child.ts'),
      JSON.stringify(input),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  if (!child.stdout) throw new Error('no stdout');
  return { lines: createInterface({ input: child.stdout }), kill: () => child.kill('SIGKILL'), exited };
}

describe('a 256 MiB file', () => {
  async function childInput(key: string): Promise<TransferChildInput> {
    return {
      url: await backup.freshUrl(2),
      sizeBytes: LARGE,
      destination: `s3://${TEST_BUCKET}/large`,
      s3: s3.options,
      key,
      shard: 2,
      partSizeBytes: 8 * MiB,
    };
  }

  it('goes through a process whose RSS grows by less than 64 MiB', async () => {
    const child = startChild(await childInput('whole/shard-2.rdb'));
    let done: Extract<TransferChildLine, { type: 'done' }> | null = null;
    for await (const line of child.lines) {
      const parsed = JSON.parse(line) as TransferChildLine;
      if (parsed.type === 'done') done = parsed;
    }
    expect(await child.exited).toBe(0);
    expect(done).toMatchObject({ sha256: sha256.get(2), sizeBytes: LARGE });
    expect((done?.rssPeakMiB ?? Infinity) - (done?.rssStartMiB ?? 0)).toBeLessThan(64);
    expect(await sha256Of(await s3.store('large').get('whole/shard-2.rdb'))).toBe(sha256.get(2));
  }, 300_000);

  it('survives its process SIGKILLed halfway: a new transfer resumes from the last checkpoint with a Range request', async () => {
    const key = 'killed/shard-2.rdb';
    const child = startChild(await childInput(key));
    let last: TransferCheckpoint | null = null;
    for await (const line of child.lines) {
      const parsed = JSON.parse(line) as TransferChildLine;
      if (parsed.type !== 'checkpoint') continue;
      last = parsed.checkpoint;
      if (last.bytesDone >= 128 * MiB) {
        child.kill();
        break;
      }
    }
    expect(await child.exited).toBeNull();
    expect(last?.bytesDone).toBeGreaterThanOrEqual(128 * MiB);
    const store = s3.store('large');
    expect(await store.head(key)).toBeNull();

    const events: TransferEvent[] = [];
    const result = await transferFile({
      store,
      key,
      shard: 2,
      source: { url: await backup.freshUrl(2), sizeBytes: LARGE },
      partSizeBytes: 8 * MiB,
      checkpoint: last,
      onEvent: (event) => events.push(event),
    });
    expect(result).toMatchObject({ sha256: sha256.get(2), sizeBytes: LARGE, resumed: true });
    expect(ofType(events, 'range-request').filter((event) => event.reason === 'resume')).toEqual([
      expect.objectContaining({ offset: last?.bytesDone, range: `bytes=${last?.bytesDone}-` }),
    ]);
    const uploaded = ofType(events, 'part-uploaded').map((event) => event.partNumber);
    expect(Math.min(...uploaded)).toBe((last?.parts.length ?? 0) + 1);
    expect(uploaded).toHaveLength(32 - (last?.parts.length ?? 0));
    expect(await sha256Of(await store.get(key))).toBe(sha256.get(2));
    expect(await s3.openUploads()).toEqual([]);
  }, 300_000);
});
