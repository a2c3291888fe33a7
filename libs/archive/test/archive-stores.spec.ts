// Both adapters of the store port, against a real SeaweedFS and a real directory: an upload becomes an
// object only when completed, an aborted one leaves nothing, and the object calls page, range and delete.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveStoreError, openArchiveStore, type ArchiveStore } from '../src';
import { partChecksumOf } from '../src/part-checksum';
import {
  allKeys,
  bytesOf,
  S3_SETUP_TIMEOUT_MS,
  startTestS3,
  storedBytes,
  tempDir,
  type TempDir,
  type TestS3,
} from './support/archive-test-env';

const MiB = 1024 * 1024;
let s3: TestS3;
let dir: TempDir;

beforeAll(async () => {
  s3 = await startTestS3();
  dir = tempDir('stores');
}, S3_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await s3?.stop();
  dir?.remove();
});

function bytes(size: number, seed: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) buffer[i] = (i / 4096 + seed) % 251;
  return buffer;
}

const adapters: [string, () => ArchiveStore][] = [
  ['S3', () => s3.store('contract')],
  ['directory', () => openArchiveStore(`file://${dir.path}/contract`)],
];

describe.each(adapters)('the %s store', (name, storeOf) => {
  it('makes an object of the parts only when the upload completes', async () => {
    const store = storeOf();
    const key = `${name}/a/shard-1.rdb`;
    const first = bytes(5 * MiB, 1);
    const second = bytes(1234, 2);
    const uploadId = await store.createUpload(key);
    const part1 = await store.uploadPart({
      key,
      uploadId,
      partNumber: 1,
      offset: 0,
      body: first,
      checksum: partChecksumOf(store.partChecksum, first),
    });
    const part2 = await store.uploadPart({
      key,
      uploadId,
      partNumber: 2,
      offset: first.length,
      body: second,
      checksum: partChecksumOf(store.partChecksum, second),
    });
    expect(await store.head(key)).toBeNull();
    expect(await allKeys(store, `${name}/`)).toEqual([]);
    expect(await store.listUploads(`${name}/`)).toEqual([{ key, uploadId }]);
    const listed = await store.listParts(key, uploadId);
    expect(listed?.map((part) => [part.partNumber, part.etag, part.sizeBytes])).toEqual([
      [1, part1.etag, first.length],
      [2, part2.etag, second.length],
    ]);
    await store.completeUpload(key, uploadId, [part1, part2]);
    expect(await store.head(key)).toEqual({ key, sizeBytes: first.length + second.length });
    expect((await storedBytes(store, key)).equals(Buffer.concat([first, second]))).toBe(true);
    expect(await store.listUploads(`${name}/`)).toEqual([]);
    expect(await store.listParts(key, uploadId)).toBeNull();
  });

  it('refuses a part whose checksum does not match, and leaves nothing after an abort', async () => {
    const store = storeOf();
    const key = `${name}/b/shard-1.rdb`;
    const body = bytes(MiB, 3);
    const uploadId = await store.createUpload(key);
    await expect(
      store.uploadPart({
        key,
        uploadId,
        partNumber: 1,
        offset: 0,
        body,
        checksum: partChecksumOf(store.partChecksum, bytes(MiB, 4)),
      }),
    ).rejects.toBeInstanceOf(ArchiveStoreError);
    await store.uploadPart({
      key,
      uploadId,
      partNumber: 1,
      offset: 0,
      body,
      checksum: partChecksumOf(store.partChecksum, body),
    });
    await store.abortUpload(key, uploadId);
    await store.abortUpload(key, uploadId);
    expect(await store.listParts(key, uploadId)).toBeNull();
    expect(await store.listUploads(`${name}/b/`)).toEqual([]);
    expect(await store.head(key)).toBeNull();
  });

  it('puts, reads ranges, lists a page at a time in key order, and deletes', async () => {
    const store = storeOf();
    const keys = ['e', 'a', 'c', 'b', 'd'].map((letter) => `${name}/list/${letter}.json`);
    for (const [index, key] of keys.entries()) await store.put(key, Buffer.from(`{"n":${index}}`));
    const first = await store.list(`${name}/list/`, { limit: 2 });
    expect(first.objects.map((object) => object.key)).toEqual([`${name}/list/a.json`, `${name}/list/b.json`]);
    expect(first.nextCursor).not.toBeNull();
    expect(await allKeys(store, `${name}/list/`)).toEqual([...keys].sort());
    expect(await allKeys(store, `${name}/list/c`)).toEqual([`${name}/list/c.json`]);
    expect((await bytesOf(await store.get(keys[0] ?? '', { start: 2, end: 4 }))).toString()).toBe('n":');
    expect((await bytesOf(await store.get(keys[1] ?? '', { start: 5 }))).toString()).toBe('1}');
    await store.delete(keys[0] ?? '');
    await store.delete(keys[0] ?? '');
    expect(await store.head(keys[0] ?? '')).toBeNull();
    expect(await allKeys(store, `${name}/list/`)).toHaveLength(4);
    await expect(store.get(`${name}/list/none.json`)).rejects.toBeInstanceOf(ArchiveStoreError);
  });

  it('refuses keys that are not plain relative paths', async () => {
    const store = storeOf();
    for (const key of ['', '../x', 'a//b', 'a/./b', '/abs']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(ArchiveStoreError);
    }
  });
});

describe('the directory store', () => {
  it('keeps an upload as <name>.partial-<id> and renames it whole, and leaves no empty directory after an abort', async () => {
    const store = openArchiveStore(`file://${dir.path}/partial`);
    const body = bytes(3000, 5);
    const uploadId = await store.createUpload('x/shard-1.rdb');
    await store.uploadPart({
      key: 'x/shard-1.rdb',
      uploadId,
      partNumber: 1,
      offset: 0,
      body,
      checksum: partChecksumOf('sha256', body),
    });
    expect(readdirSync(`${dir.path}/partial/x`).sort()).toEqual([
      `shard-1.rdb.partial-${uploadId}`,
      `shard-1.rdb.partial-${uploadId}.parts`,
    ]);
    await store.abortUpload('x/shard-1.rdb', uploadId);
    expect(readdirSync(`${dir.path}/partial`)).toEqual([]);
  });
});
