// manifest.json: what an archive holds, written last (its presence means the archive is complete): the
// instance, the backup, the export, the product, encryption facts (never a key) and, per file, its size,
// SHA-256, CRC-64, RDB version and key counts by database and type.
import type { RdbDatabaseSummary, RdbTypeCounts } from '@crs-export/rdb';
import { ArchiveManifestError, ArchiveStoreError } from './archive-errors';
import { keyIn, MANIFEST_NAME } from './archive-layout';
import type { ArchiveStore, StoreCallOptions } from './archive-store';
import type { TransferResult } from './transfer-file';

export const MANIFEST_FORMAT = 'crs-export/archive-manifest@1';

export interface ManifestRdb {
  /** `REDIS` or `VALKEY`. */
  magic: string;
  version: number;
  /** verified: the trailer matched; disabled: saved with `rdbchecksum no`; absent: RDB < 5. */
  checksum: 'verified' | 'disabled' | 'absent';
  keys: number;
  expires: number;
  types: RdbTypeCounts;
  /** Per database number ("0", "1", …). */
  databases: Record<string, RdbDatabaseSummary>;
}

export interface ManifestFile {
  /** The object's name in the archive directory: `shard-1.rdb`. */
  name: string;
  shard: number;
  /** Tencent's file name, where it gave one. */
  sourceName: string | null;
  sizeBytes: number;
  /** Hex. */
  sha256: string;
  /** The RDB's CRC-64 as computed over the file (16 hex digits); null when not walked (encrypted). */
  crc64: string | null;
  rdb: ManifestRdb | null;
}

export interface ArchiveManifest {
  format: typeof MANIFEST_FORMAT;
  /** ISO-8601 UTC, when the manifest was written. */
  createdAt: string;
  product: { name: string; version: string };
  exportId: string | null;
  instance: { redisId: string; region: string; engine: string | null };
  backup: {
    backupId: string;
    /** manual, auto, or Tencent's own word. */
    type: string;
    /** ISO-8601, as Tencent's time converted (Beijing time, UTC+8). */
    startedAt: string;
    /** Whether Tencent encrypted the files (the archive holds them as they came; no key is ever kept). */
    encrypted: boolean;
  };
  files: ManifestFile[];
  totals: { files: number; sizeBytes: number; keys: number | null };
}

export interface ManifestInput {
  productVersion: string;
  exportId?: string | null;
  redisId: string;
  region: string;
  engine?: string | null;
  backupId: string;
  backupType: string;
  backupStartedAt: string;
  encrypted: boolean;
  files: { name: string; sourceName?: string | null; result: TransferResult }[];
  /** Default now. */
  createdAt?: Date;
}

export function buildManifest(input: ManifestInput): ArchiveManifest {
  const files: ManifestFile[] = input.files
    .map(({ name, sourceName, result }) => ({
      name,
      shard: result.shard,
      sourceName: sourceName ?? null,
      sizeBytes: result.sizeBytes,
      sha256: result.sha256,
      crc64: result.crc64,
      rdb: result.rdb
        ? {
            magic: result.rdb.magic,
            version: result.rdb.rdbVersion,
            checksum: result.rdb.checksum.status,
            keys: result.rdb.keys,
            expires: result.rdb.expires,
            types: result.rdb.types,
            databases: result.rdb.databases,
          }
        : null,
    }))
    .sort((a, b) => a.shard - b.shard);
  const walked = files.every((file) => file.rdb !== null);
  return {
    format: MANIFEST_FORMAT,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    product: { name: 'crs-export', version: input.productVersion },
    exportId: input.exportId ?? null,
    instance: { redisId: input.redisId, region: input.region, engine: input.engine ?? null },
    backup: {
      backupId: input.backupId,
      type: input.backupType,
      startedAt: input.backupStartedAt,
      encrypted: input.encrypted,
    },
    files,
    totals: {
      files: files.length,
      sizeBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0),
      keys: walked ? files.reduce((sum, file) => sum + (file.rdb?.keys ?? 0), 0) : null,
    },
  };
}

/**
 * Writes `<dir>/manifest.json` after checking that every file it names is in the store with its size: the
 * manifest is the archive's last object, and its presence says the archive is complete.
 */
export async function writeManifest(
  store: ArchiveStore,
  dir: string,
  manifest: ArchiveManifest,
  options: StoreCallOptions = {},
): Promise<void> {
  for (const file of manifest.files) {
    const stored = await store.head(keyIn(dir, file.name), options);
    if (!stored || stored.sizeBytes !== file.sizeBytes) {
      throw new ArchiveStoreError(
        'writeManifest',
        keyIn(dir, file.name),
        `the archive holds ${stored ? `${stored.sizeBytes} bytes` : 'no object'} for it, the manifest ${file.sizeBytes}`,
      );
    }
  }
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.put(keyIn(dir, MANIFEST_NAME), body, { ...options, contentType: 'application/json' });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The manifest in `text`; ArchiveManifestError when it is not JSON or not one of ours. */
export function parseManifest(text: string): ArchiveManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ArchiveManifestError(`manifest.json is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value) || value['format'] !== MANIFEST_FORMAT) {
    throw new ArchiveManifestError(`manifest.json is not a ${MANIFEST_FORMAT} manifest`);
  }
  const files = value['files'];
  if (!Array.isArray(files) || !isRecord(value['backup']) || !isRecord(value['instance'])) {
    throw new ArchiveManifestError('manifest.json lacks its instance, backup or files');
  }
  for (const [index, file] of files.entries()) {
    if (
      !isRecord(file) ||
      typeof file['name'] !== 'string' ||
      !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file['name']) ||
      typeof file['sizeBytes'] !== 'number' ||
      typeof file['sha256'] !== 'string' ||
      !/^[0-9a-f]{64}$/.test(file['sha256'])
    ) {
      throw new ArchiveManifestError(`manifest.json: file ${index + 1} lacks a name, size or SHA-256`);
    }
  }
  return value as unknown as ArchiveManifest;
}

/** The archive's manifest; null when it has none. */
export async function readManifest(
  store: ArchiveStore,
  dir: string,
  options: StoreCallOptions = {},
): Promise<ArchiveManifest | null> {
  const key = keyIn(dir, MANIFEST_NAME);
  if (!(await store.head(key, options))) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of (await store.get(key, undefined, options)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return parseManifest(Buffer.concat(chunks).toString('utf8'));
}
