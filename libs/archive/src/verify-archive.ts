// Reads every object of an archive back and checks it against its manifest: size, SHA-256, CRC-64, the
// structural walk (RDB version, key counts by database and type). The result is one line's worth per file.
import { createHash } from 'node:crypto';
import { errorText } from './archive-errors';
import { keyIn, MANIFEST_NAME } from './archive-layout';
import { readManifest, type ArchiveManifest, type ManifestFile } from './archive-manifest';
import { listAllObjects, type ArchiveStore, type StoreCallOptions } from './archive-store';
import { CheckFailure, FileChecks, type FileCheckOutcome } from './file-checks';
import { openArchiveStore, type OpenArchiveStoreOptions } from './open-archive-store';

export interface FileVerification {
  name: string;
  shard: number;
  ok: boolean;
  /** What was read back; null when the object is missing. */
  sizeBytes: number | null;
  sha256: string | null;
  crc64: string | null;
  /** Each difference from the manifest, e.g. `sha256: 3f… read, 9a… in the manifest`. */
  problems: string[];
}

export interface ArchiveVerification {
  /** The archive directory's URL (or the store's URL and the directory). */
  url: string;
  ok: boolean;
  manifest: ArchiveManifest | null;
  files: FileVerification[];
  /** Problems of the archive as a whole (no manifest, an unreadable one). */
  problems: string[];
  /** Objects in the directory that the manifest does not name (reported, not a failure). */
  unexpected: string[];
}

/** Verifies the archive at `url` (`s3://bucket/prefix/<redisId>/<stamp>-<backupId>`, or `file:///…`). */
export async function verifyArchive(
  url: string,
  options: OpenArchiveStoreOptions & StoreCallOptions = {},
): Promise<ArchiveVerification> {
  const store = openArchiveStore(url, options);
  try {
    return await verifyArchiveIn(store, '', options);
  } finally {
    store.close();
  }
}

/** Verifies the archive in `dir` of `store` ('' when the store is rooted at the archive). */
export async function verifyArchiveIn(
  store: ArchiveStore,
  dir: string,
  options: StoreCallOptions = {},
): Promise<ArchiveVerification> {
  const url = dir ? `${store.url}/${dir}` : store.url;
  let manifest: ArchiveManifest | null;
  try {
    manifest = await readManifest(store, dir, options);
  } catch (error) {
    return { url, ok: false, manifest: null, files: [], problems: [errorText(error)], unexpected: [] };
  }
  if (!manifest) {
    return {
      url,
      ok: false,
      manifest: null,
      files: [],
      problems: ['no manifest.json: not a complete archive'],
      unexpected: [],
    };
  }
  const files: FileVerification[] = [];
  for (const file of manifest.files) files.push(await verifyFile(store, dir, file, options));
  const named = new Set([MANIFEST_NAME, ...manifest.files.map((file) => file.name)]);
  const unexpected: string[] = [];
  for await (const object of listAllObjects(store, dir ? `${dir}/` : '', options)) {
    const name = dir ? object.key.slice(dir.length + 1) : object.key;
    if (!named.has(name)) unexpected.push(name);
  }
  return { url, ok: files.every((file) => file.ok), manifest, files, problems: [], unexpected };
}

async function verifyFile(
  store: ArchiveStore,
  dir: string,
  file: ManifestFile,
  options: StoreCallOptions,
): Promise<FileVerification> {
  const key = keyIn(dir, file.name);
  const verification: FileVerification = {
    name: file.name,
    shard: file.shard,
    ok: false,
    sizeBytes: null,
    sha256: null,
    crc64: null,
    problems: [],
  };
  const stored = await store.head(key, options);
  if (!stored) {
    verification.problems.push('missing');
    return verification;
  }
  // Size and SHA-256 over every byte, whatever the walk finds: a report says all that differs.
  const hash = createHash('sha256');
  let size = 0;
  let checks: FileChecks | null = FileChecks.start({
    rdb: file.rdb !== null,
    expectedRdbVersion: file.rdb?.version ?? null,
  });
  let outcome: FileCheckOutcome | null = null;
  const walkFailed = (error: unknown): void => {
    if (!(error instanceof CheckFailure)) throw error;
    verification.problems.push(`${error.check} check: ${error.detail}`);
    checks = null;
  };
  for await (const chunk of (await store.get(key, undefined, options)) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    try {
      checks?.write(chunk);
    } catch (error) {
      walkFailed(error);
    }
  }
  try {
    outcome = checks ? (checks as FileChecks).end() : null;
  } catch (error) {
    walkFailed(error);
  }
  verification.sizeBytes = size;
  verification.sha256 = hash.digest('hex');
  verification.crc64 = outcome?.rdb?.checksum.computed ?? null;
  if (size !== file.sizeBytes)
    verification.problems.push(`size: ${size} bytes read, ${file.sizeBytes} in the manifest`);
  if (verification.sha256 !== file.sha256) {
    verification.problems.push(`sha256: ${verification.sha256} read, ${file.sha256} in the manifest`);
  }
  const rdb = outcome?.rdb;
  if (file.rdb && rdb) {
    if (file.crc64 !== null && verification.crc64 !== file.crc64) {
      verification.problems.push(`crc64: ${verification.crc64} read, ${file.crc64} in the manifest`);
    }
    if (rdb.keys !== file.rdb.keys)
      verification.problems.push(`keys: ${rdb.keys} read, ${file.rdb.keys} in the manifest`);
    if (JSON.stringify(rdb.databases) !== JSON.stringify(file.rdb.databases)) {
      verification.problems.push('key counts per database and type differ from the manifest');
    }
  }
  verification.ok = verification.problems.length === 0;
  return verification;
}
