// A 3-shard backup from the CRS simulator lands in SeaweedFS and in a directory, byte for byte, with a
// correct manifest written last; archiving it again is a no-op; verify reads it back and finds a flipped
// bit; retention lists and deletes archives, manifest first.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveBackup,
  archiveState,
  deleteArchive,
  keyIn,
  listArchives,
  MANIFEST_NAME,
  openArchiveStore,
  readManifest,
  verifyArchive,
  verifyArchiveIn,
  type ArchiveBackupOptions,
  type ArchiveStore,
} from '../src';
import {
  allKeys,
  bytesOf,
  download,
  S3_SETUP_TIMEOUT_MS,
  startTestS3,
  storedBytes,
  tempDir,
  TEST_BUCKET,
  type TempDir,
  type TestS3,
} from './support/archive-test-env';
import { SIM_STARTED_AT, startSimulatedBackup, type SimulatedBackup } from './support/simulated-backup';

const MiB = 1024 * 1024;
const SHARD_SIZES = [3 * MiB + 17, 11 * MiB + 5, 16 * MiB];
const DIR = 'crs-arch0001/20261127T190000Z-5d0b3c1e-a1b2-11f0-9e3f-525400082493';

let s3: TestS3;
let dir: TempDir;
let backup: SimulatedBackup;
/** Each shard as a plain download gives it. */
const sources: Buffer[] = [];

beforeAll(async () => {
  s3 = await startTestS3();
  dir = tempDir('backup');
  backup = await startSimulatedBackup({ shardSizes: SHARD_SIZES });
  for (const file of await backup.files()) sources[file.shard - 1] = await bytesOf(await download(file.extranetUrl));
}, S3_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await backup?.close();
  await s3?.stop();
  dir?.remove();
});

async function archiveOptions(store: ArchiveStore): Promise<ArchiveBackupOptions> {
  const files = await backup.files();
  return {
    store,
    backup: {
      redisId: backup.redisId,
      region: backup.region,
      engine: 'Redis 7.0',
      backupId: backup.backupId,
      backupType: 'manual',
      backupStartedAt: SIM_STARTED_AT,
      encrypted: false,
      rdbVersion: 10,
    },
    files: files.map((file) => ({
      shard: file.shard,
      sourceName: file.name,
      url: file.extranetUrl,
      sizeBytes: file.sizeBytes,
      freshUrl: () => backup.freshUrl(file.shard),
    })),
    productVersion: '0.1.0',
    exportId: 'export-crs-arch0001-5d0b3c1e',
    fileConcurrency: 2,
    transfer: { partSizeBytes: 5 * MiB },
  };
}

function downloads(): number {
  return backup.sim.calls({ action: 'download' }).length;
}

const destinations: [string, () => { store: ArchiveStore; url: string }][] = [
  ['S3', () => ({ store: s3.store('team/backups'), url: `s3://${TEST_BUCKET}/team/backups` })],
  ['a directory', () => ({ store: openArchiveStore(`file://${dir.path}/archive`), url: `file://${dir.path}/archive` })],
];

describe.each(destinations)('a 3-shard backup archived into %s', (_name, destinationOf) => {
  it('lands byte for byte under <redisId>/<stamp>-<backupId>/ with its manifest, written last', async () => {
    const { store } = destinationOf();
    const result = await archiveBackup(await archiveOptions(store));
    expect(result).toMatchObject({ outcome: 'archived', previousState: 'absent', dir: DIR });
    expect(await allKeys(store, `${DIR}/`)).toEqual([
      `${DIR}/${MANIFEST_NAME}`,
      `${DIR}/shard-1.rdb`,
      `${DIR}/shard-2.rdb`,
      `${DIR}/shard-3.rdb`,
    ]);
    for (const [index, source] of sources.entries()) {
      expect((await storedBytes(store, `${DIR}/shard-${index + 1}.rdb`)).equals(source)).toBe(true);
    }
    expect(await store.listUploads('')).toEqual([]);
  });

  it('has a manifest that tells the instance, backup, export, product and each file as it is', async () => {
    const { store } = destinationOf();
    const manifest = await readManifest(store, DIR);
    const expected = backup.sim.files(backup.redisId, backup.backupId)?.v3 ?? [];
    const files = await backup.files();
    expect(manifest).toMatchObject({
      format: 'crs-export/archive-manifest@1',
      product: { name: 'crs-export', version: '0.1.0' },
      exportId: 'export-crs-arch0001-5d0b3c1e',
      instance: { redisId: 'crs-arch0001', region: 'gz', engine: 'Redis 7.0' },
      backup: { backupId: backup.backupId, type: 'manual', startedAt: SIM_STARTED_AT, encrypted: false },
      totals: {
        files: 3,
        sizeBytes: SHARD_SIZES.reduce((a, b) => a + b, 0),
        keys: expected.reduce((sum, file) => sum + file.keys.total, 0),
      },
    });
    for (const [index, source] of sources.entries()) {
      const file = manifest?.files[index];
      const { createHash } = await import('node:crypto');
      expect(file).toMatchObject({
        name: `shard-${index + 1}.rdb`,
        shard: index + 1,
        sourceName: files[index]?.name,
        sizeBytes: source.length,
        sha256: createHash('sha256').update(source).digest('hex'),
        crc64: source
          .readBigUInt64LE(source.length - 8)
          .toString(16)
          .padStart(16, '0'),
        rdb: { magic: 'REDIS', version: 10, checksum: 'verified', keys: expected[index]?.keys.total },
      });
      expect(file?.rdb?.databases['0']?.keys).toBe(expected[index]?.keys.databases['0']?.keys);
      expect(file?.rdb?.databases['0']?.expires).toBe(expected[index]?.keys.databases['0']?.expires);
      expect(Object.values(file?.rdb?.types ?? {}).reduce((a, b) => a + b, 0)).toBe(expected[index]?.keys.total);
    }
  });

  it('is complete, and archiving it again downloads nothing and says so', async () => {
    const { store } = destinationOf();
    expect((await archiveState(store, DIR)).state).toBe('complete');
    const before = downloads();
    const again = await archiveBackup(await archiveOptions(store));
    expect(again).toMatchObject({ outcome: 'already-complete', previousState: 'complete', results: [] });
    expect(downloads()).toBe(before);
  });

  it('verifies from its URL: every file read back matches the manifest', async () => {
    const { url } = destinationOf();
    const report = await verifyArchive(`${url}/${DIR}`, { s3: s3.options });
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.files.map((file) => [file.name, file.ok, file.problems])).toEqual([
      ['shard-1.rdb', true, []],
      ['shard-2.rdb', true, []],
      ['shard-3.rdb', true, []],
    ]);
  });

  it('is listed with its backup time and state, and a missing object makes it a mismatch that is archived again', async () => {
    const { store } = destinationOf();
    expect(await listArchives(store, '', { redisId: 'crs-arch0001' })).toEqual([
      expect.objectContaining({
        dir: DIR,
        redisId: 'crs-arch0001',
        backupId: backup.backupId,
        backupStartedAt: '2026-11-27T19:00:00Z',
        state: 'complete',
        complete: true,
        objects: 4,
      }),
    ]);
    expect(await listArchives(store, '', { redisId: 'crs-other' })).toEqual([]);
    await store.delete(`${DIR}/shard-2.rdb`);
    const state = await archiveState(store, DIR);
    expect(state).toMatchObject({ state: 'mismatch', problems: ['shard-2.rdb: missing'] });
    const result = await archiveBackup(await archiveOptions(store));
    expect(result).toMatchObject({ outcome: 'archived', previousState: 'mismatch' });
    expect((await archiveState(store, DIR)).state).toBe('complete');
  });

  it('is incomplete without its manifest, and deleted with the manifest first', async () => {
    const { store } = destinationOf();
    const deleted = await deleteArchive(store, DIR);
    expect(deleted.deleted[0]).toBe(keyIn(DIR, MANIFEST_NAME));
    expect(deleted.deleted).toHaveLength(4);
    expect((await archiveState(store, DIR)).state).toBe('absent');
    expect(await listArchives(store)).toEqual([]);
    await store.put(`${DIR}/shard-1.rdb`, sources[0] ?? Buffer.alloc(0));
    expect(await listArchives(store)).toEqual([
      expect.objectContaining({ dir: DIR, state: 'incomplete', complete: false, objects: 1 }),
    ]);
    expect((await archiveBackup(await archiveOptions(store))).previousState).toBe('incomplete');
    expect((await archiveState(store, DIR)).state).toBe('complete');
  });
});

describe('verify', () => {
  it('finds a bit flipped in an archived object (S3), and names only that file', async () => {
    const store = s3.store('team/backups');
    const damaged = Buffer.from(sources[1] ?? Buffer.alloc(0));
    damaged[Math.floor(damaged.length / 2)] ^= 0x10;
    await store.put(`${DIR}/shard-2.rdb`, damaged);
    const report = await verifyArchiveIn(store, DIR);
    expect(report.ok).toBe(false);
    expect(report.files.map((file) => [file.name, file.ok])).toEqual([
      ['shard-1.rdb', true],
      ['shard-2.rdb', false],
      ['shard-3.rdb', true],
    ]);
    const problems = report.files[1]?.problems.join('\n') ?? '';
    expect(problems).toMatch(/sha256: [0-9a-f]{64} read, [0-9a-f]{64} in the manifest/);
    expect(problems).toMatch(/(crc|structure) check/);
  });

  it('finds a bit flipped in an archived file (directory) and a missing one', async () => {
    const path = `${dir.path}/archive/${DIR}/shard-3.rdb`;
    const file = readFileSync(path);
    file[1000] ^= 0x01;
    writeFileSync(path, file);
    const store = openArchiveStore(`file://${dir.path}/archive`);
    await store.delete(`${DIR}/shard-1.rdb`);
    const report = await verifyArchive(`file://${dir.path}/archive/${DIR}`);
    expect(report.files.map((entry) => [entry.name, entry.ok])).toEqual([
      ['shard-1.rdb', false],
      ['shard-2.rdb', true],
      ['shard-3.rdb', false],
    ]);
    expect(report.files[0]?.problems).toEqual(['missing']);
    expect(report.files[2]?.problems.join('\n')).toMatch(/sha256: .* read/);
  });

  it('says a directory without a manifest is not a complete archive', async () => {
    const report = await verifyArchive(`file://${dir.path}/nothing-here`);
    expect(report).toMatchObject({ ok: false, problems: ['no manifest.json: not a complete archive'] });
  });
});
