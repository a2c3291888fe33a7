// End to end: exports with a destination archive their files on the real stack (the worker's 3.0 client,
// the simulator's realistic RDB files, a real Temporal server, SeaweedFS as the S3 store and a directory):
// a 3-shard cluster lands with its manifest and every file loads into redis-server with the manifest's key
// counts; a second archive is a no-op; download faults are recovered or fail with nothing left under a final
// name; a cancel leaves no object and no open upload; a destination the worker does not allow is refused.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MANIFEST_NAME,
  openArchiveStore,
  parseManifest,
  verifyArchive,
  type ArchiveManifest,
  type S3StoreOptions,
} from '@crs-export/archive';
import type { BatchStatus, ExportStatus } from '@crs-export/contracts';
import {
  SCRATCH_S3_SETUP_TIMEOUT_MS,
  s3ClientFor,
  startScratchS3Server,
  type ScratchS3Server,
} from '@crs-export/dev-s3';
import { withLiveArchiveBytes } from '@crs-export/export-client';
import { loadedKeyspace } from '@crs-export/redis-testing';
import { BATCH_WORKFLOW_TYPE, cancelExportSignal, exportStatusQuery } from '@crs-export/workflows';
import { FAST_POLLING, openExportHarness, outcomeOf, waitForState, type ExportHarness } from './support/export-harness';
import { saveHistoryFixture } from './support/history-fixtures';
import { useV3Scenario, type V3Case } from './support/v3-scenario';

const BUCKET = 'worker-archives';
const SHARD_BYTES = 384 * 1024;

let s3: ScratchS3Server;
let s3Options: S3StoreOptions;
let s3Client: S3Client;
let root: string;
let harness: ExportHarness;

beforeAll(async () => {
  s3 = await startScratchS3Server({ name: 'worker-archive', bucket: BUCKET });
  const { server } = s3;
  s3Options = {
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
  s3Client = s3ClientFor(server);
  root = mkdtempSync(join(tmpdir(), 'worker-archive-'));
  harness = await openExportHarness({
    api: 3,
    archive: {
      openArchiveStore: (destination) => openArchiveStore(destination, { s3: s3Options }),
      // As the worker's configuration makes it: ARCHIVE_URL and ARCHIVE_DESTINATIONS.
      archive: {
        allowedDestinations: [pathToFileURL(root).href, `s3://${BUCKET}/prod`],
        partSizeBytes: 5 * 1024 * 1024,
      },
    },
  });
}, SCRATCH_S3_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await harness?.close();
  s3Client?.destroy();
  await s3?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function clusterWithShards(shards: number, rdbBytes = SHARD_BYTES): V3Case {
  return useV3Scenario(harness.sim, {
    engine: 'Redis 7.0',
    shardNum: shards,
    backups: [{ status: 2, startTime: '2026-11-28 03:00:00', rdbBytes }],
  });
}

/** The export's outcome; with `fixture`, its history is saved as a replay fixture (when asked to). */
function archiveTo(target: V3Case, destination: string, fixture?: string): Promise<ExportStatus> {
  return harness.run(
    { redisId: target.redisId, backupId: target.backupIds[0] ?? '', region: target.region, destination },
    async (handle) => {
      const status = await outcomeOf(handle);
      if (fixture) await saveHistoryFixture(fixture, handle);
      return status;
    },
  );
}

/** The archive's directory on disk, from the location the export reports (file:///…/<redisId>/<stamp>-<id>/). */
function directoryOf(status: ExportStatus): string {
  return new URL(status.archive?.location ?? 'file:///nowhere').pathname;
}

function manifestIn(dir: string): ArchiveManifest {
  return parseManifest(readFileSync(join(dir, MANIFEST_NAME), 'utf8'));
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function openUploads(): Promise<string[]> {
  const answer = await s3Client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
  return (answer.Uploads ?? []).map((upload) => upload.Key ?? '');
}

async function eventually<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const downloads = (): number => harness.sim.calls({ action: 'download' }).length;

describe('an export with a directory destination', () => {
  it('archives a 3-shard cluster with its manifest; each file loads into redis-server with the manifest key counts', async () => {
    const target = clusterWithShards(3);
    const status = await archiveTo(target, pathToFileURL(join(root, 'fleet')).href, 'archived-3-shards');
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(Object.keys(status.stateEnteredAt)).toEqual(['VALIDATING', 'FETCHING_URL', 'ARCHIVING', 'SUCCEEDED']);
    expect(status.archive).toMatchObject({ state: 'COMPLETE', bytesDone: status.archive?.bytesTotal });
    expect(status.archive?.files.map((file) => [file.name, file.state])).toEqual([
      ['shard-1.rdb', 'VERIFIED'],
      ['shard-2.rdb', 'VERIFIED'],
      ['shard-3.rdb', 'VERIFIED'],
    ]);
    const dir = directoryOf(status);
    expect(dir).toMatch(new RegExp(`/fleet/${target.redisId}/20261127T190000Z-${target.backupIds[0]}/$`));
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_NAME, 'shard-1.rdb', 'shard-2.rdb', 'shard-3.rdb']);
    const manifest = manifestIn(dir);
    expect(manifest).toMatchObject({
      exportId: expect.any(String),
      instance: { redisId: target.redisId, region: 'ap-guangzhou', engine: 'Redis 7.0' },
      backup: { backupId: target.backupIds[0], startedAt: '2026-11-27T19:00:00.000Z' },
    });
    for (const file of manifest.files) {
      const path = join(dir, file.name);
      const bytes = readFileSync(path);
      expect(bytes.length).toBe(file.sizeBytes);
      expect(sha256(bytes)).toBe(file.sha256);
      expect(file.rdb?.version).toBe(10);
      // Redis's own server loads the archived file and counts what the manifest says, database by database.
      const keyspace = await loadedKeyspace(path);
      const expected = Object.fromEntries(
        Object.entries(file.rdb?.databases ?? {})
          .filter(([, db]) => db.keys > 0)
          .map(([db, summary]) => [db, { keys: summary.keys, expires: summary.expires }]),
      );
      expect(keyspace).toEqual(expected);
      // A cluster shard holds database 0 only, as Redis Cluster does.
      expect(Object.keys(keyspace)).toEqual(['0']);
      expect(keyspace['0']?.keys).toBe(file.rdb?.keys);
      expect(file.rdb?.keys).toBeGreaterThan(100);
    }
  });

  it('archives the same backup again as a no-op that says so, downloading nothing', async () => {
    const target = clusterWithShards(2);
    const destination = pathToFileURL(join(root, 'again')).href;
    const first = await archiveTo(target, destination);
    expect(first.archive?.state, JSON.stringify(first.error)).toBe('COMPLETE');
    const manifestBefore = readFileSync(join(directoryOf(first), MANIFEST_NAME));
    harness.sim.clearCalls();
    const second = await archiveTo(target, destination, 'already-archived');
    expect(second.state).toBe('SUCCEEDED');
    expect(second.archive).toMatchObject({ state: 'ALREADY_ARCHIVED', location: first.archive?.location });
    expect(second.archive?.manifest).toBe(first.archive?.manifest);
    expect(downloads()).toBe(0);
    expect(readFileSync(join(directoryOf(second), MANIFEST_NAME)).equals(manifestBefore)).toBe(true);
  });

  it('recovers a connection dropped in the middle of a body: the file is the source, byte for byte', async () => {
    const target = clusterWithShards(1, 2 * 1024 * 1024);
    harness.sim.setFaults({ download: { files: [{ fault: 'dropConnection', shard: 1, times: 1, atFraction: 0.4 }] } });
    const status = await archiveTo(target, pathToFileURL(join(root, 'dropped')).href);
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(harness.sim.calls({ action: 'download' }).some((call) => call.downloadFault === 'dropConnection')).toBe(
      true,
    );
    const archived = readFileSync(join(directoryOf(status), 'shard-1.rdb'));
    const source = Buffer.from(await (await fetch(status.files?.[0]?.extranetUrl ?? '')).arrayBuffer());
    expect(sha256(archived)).toBe(sha256(source));
  });

  it('fails on a bit flipped in every download of shard 2, naming the shard and the check; no final object, no manifest', async () => {
    const target = clusterWithShards(3);
    harness.sim.setFaults({ download: { files: [{ fault: 'flipBit', shard: 2 }] } });
    const status = await archiveTo(target, pathToFileURL(join(root, 'flipped')).href, 'archive-check-failed');
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatchObject({ type: 'ArchiveCheckFailed', retryable: false });
    expect(status.error?.message).toMatch(/shard 2/);
    expect(status.archive?.state).toBe('FAILED');
    expect(status.archive?.files.find((file) => file.shard === 2)?.state).toBe('FAILED');
    const dir = directoryOf(status);
    const left = existsSync(dir) ? readdirSync(dir) : [];
    expect(left).not.toContain('shard-2.rdb');
    expect(left).not.toContain(MANIFEST_NAME);
    expect(left.filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('refuses a destination outside the allowed ones before it touches anything', async () => {
    const target = clusterWithShards(1);
    const outside = mkdtempSync(join(tmpdir(), 'not-allowed-'));
    try {
      const status = await archiveTo(target, pathToFileURL(outside).href);
      expect(status.state).toBe('FAILED');
      expect(status.error).toMatchObject({ type: 'ArchiveDestinationInvalid', retryable: false });
      expect(readdirSync(outside)).toEqual([]);
      expect(downloads()).toBe(0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('an export with an S3 destination', () => {
  it('archives a 3-shard cluster that verify reads back whole from its URL', async () => {
    const target = clusterWithShards(3);
    const status = await archiveTo(target, `s3://${BUCKET}/prod/`);
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(status.archive?.location).toBe(
      `s3://${BUCKET}/prod/${target.redisId}/20261127T190000Z-${target.backupIds[0]}/`,
    );
    expect(status.archive?.manifest).toBe(`${status.archive?.location}${MANIFEST_NAME}`);
    const verification = await verifyArchive(status.archive?.location ?? '', { s3: s3Options });
    expect(verification.problems).toEqual([]);
    expect(verification.files.map((file) => [file.name, file.ok])).toEqual([
      ['shard-1.rdb', true],
      ['shard-2.rdb', true],
      ['shard-3.rdb', true],
    ]);
    expect(verification.manifest?.files.map((file) => file.sha256)).toEqual(
      status.archive?.files.map((file) => file.sha256),
    );
    expect(await openUploads()).toEqual([]);
  });

  it('cancelled during a slow transfer: the export is CANCELLED with no object and no open multipart upload', async () => {
    const target = clusterWithShards(1, 16 * 1024 * 1024);
    harness.sim.setFaults({ download: { files: [{ fault: 'slow', shard: 1, bytesPerSecond: 1024 * 1024 }] } });
    const status = await harness.run(
      {
        redisId: target.redisId,
        backupId: target.backupIds[0] ?? '',
        region: target.region,
        destination: `s3://${BUCKET}/prod/cancelled`,
      },
      async (handle) => {
        await waitForState(handle, 'ARCHIVING', 20_000);
        // Some bytes are in: the upload is open when the cancel comes.
        const deadline = Date.now() + 20_000;
        while ((await openUploads()).length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(await openUploads()).toHaveLength(1);
        // What the API reads of a running export shows the parts the transfer has checked in, from its heartbeat.
        const live = await eventually(async () => {
          const [reported, description] = await Promise.all([handle.query(exportStatusQuery), handle.describe()]);
          const status = await withLiveArchiveBytes(harness.client, reported, description.raw.pendingActivities ?? []);
          return (status.archive?.bytesDone ?? 0) > 0 ? status : null;
        });
        expect(live.archive?.files[0]).toMatchObject({ state: 'TRANSFERRING', bytesDone: live.archive?.bytesDone });
        expect(live.archive?.bytesDone).toBeLessThan(16 * 1024 * 1024);
        await handle.signal(cancelExportSignal, { reason: 'test: cancel during the transfer' });
        return outcomeOf(handle);
      },
    );
    expect(status.state).toBe('CANCELLED');
    expect(await openUploads()).toEqual([]);
    const store = openArchiveStore(`s3://${BUCKET}/prod/cancelled`, { s3: s3Options });
    try {
      expect((await store.list('')).objects).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('retention after a batch, on the S3 server', () => {
  it(
    'deletes exactly the archives the policy lets go, keeping the newest complete one and never an incomplete one',
    {
      timeout: 120_000,
    },
    async () => {
      // Four backups of one cluster, oldest first, all archived; the oldest archive then loses its manifest.
      const target = useV3Scenario(harness.sim, {
        engine: 'Redis 7.0',
        shardNum: 1,
        backups: [
          { status: 2, startTime: '2026-11-20 03:00:00', rdbBytes: 96 * 1024 },
          { status: 2, startTime: '2026-11-21 03:00:00', rdbBytes: 96 * 1024 },
          { status: 2, startTime: '2026-11-22 03:00:00', rdbBytes: 96 * 1024 },
          { status: 2, startTime: '2026-11-23 03:00:00', rdbBytes: 96 * 1024 },
        ],
      });
      const destination = `s3://${BUCKET}/prod/retention`;
      const locations: string[] = [];
      for (const backupId of target.backupIds) {
        const status = await harness.run(
          { redisId: target.redisId, backupId, region: target.region, destination },
          outcomeOf,
        );
        expect(status.archive?.state, JSON.stringify(status.error)).toBe('COMPLETE');
        locations.push(status.archive?.location ?? '');
      }
      const store = openArchiveStore(destination, { s3: s3Options });
      const dirOf = (location: string): string => location.slice(destination.length + 1).replace(/\/$/, '');
      try {
        await store.delete(`${dirOf(locations[0] ?? '')}/${MANIFEST_NAME}`);
        // Keep 1 day: every archive is older than that (backups of late November), yet the newest complete stays.
        const status = await harness.withWorker(async (taskQueue) => {
          const handle = await harness.client.workflow.start(BATCH_WORKFLOW_TYPE, {
            taskQueue,
            workflowId: `batch-retention-${randomBytes(6).toString('hex')}`,
            args: [
              {
                selector: { region: target.region, redisIds: [target.redisId] },
                backup: 'latest',
                destination,
                retention: { keepDays: 1 },
                polling: FAST_POLLING,
              },
            ],
          });
          return (await handle.result()) as BatchStatus;
        });
        expect(status.state).toBe('SUCCEEDED');
        expect(status.retention).toMatchObject({ dryRun: false, counts: { deleted: 2, failed: 0 } });
        expect(status.retention?.deleted.map((entry) => entry.location).sort()).toEqual(
          [locations[1], locations[2]].sort(),
        );
        expect(status.retention?.kept.map((entry) => entry.location).sort()).toEqual(
          [locations[0], locations[3]].sort(),
        );
        const reasons = Object.fromEntries(
          (status.retention?.kept ?? []).map((entry) => [entry.location, entry.reason]),
        );
        expect(reasons[locations[0] ?? '']).toMatch(/incomplete/);
        expect(reasons[locations[3] ?? '']).toMatch(/newest complete/);
        // What S3 holds is what the report says.
        const left = new Set<string>();
        for (const object of (await store.list('', { limit: 1000 })).objects)
          left.add(object.key.split('/').slice(0, 2).join('/'));
        expect([...left].sort()).toEqual([dirOf(locations[0] ?? ''), dirOf(locations[3] ?? '')].sort());
        expect(await openUploads()).toEqual([]);
      } finally {
        store.close();
      }
    },
  );
});
