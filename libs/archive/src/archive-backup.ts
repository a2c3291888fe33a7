// One backup archived whole, in process: its state first (a complete archive is a no-op that says so),
// then each file through transferFile, then the manifest, last. The workflow does the same steps as
// separate activities (a transfer per file, then the manifest); this is their composition for callers
// that run them in one place (tests, tools).
import { archiveDirOf, keyIn, MANIFEST_NAME, shardObjectName } from './archive-layout';
import { buildManifest, writeManifest, type ArchiveManifest } from './archive-manifest';
import { archiveState, type ArchiveStateName } from './archive-state';
import type { ArchiveStore } from './archive-store';
import type { FileChecksOptions } from './file-checks';
import type { TransferEvent } from './transfer-events';
import { transferFile, type TransferFileOptions, type TransferResult } from './transfer-file';

export interface BackupToArchive {
  redisId: string;
  region: string;
  engine?: string | null;
  backupId: string;
  backupType: string;
  /** ISO-8601 with its offset. */
  backupStartedAt: string;
  encrypted: boolean;
  /** The RDB version the engine writes, when known (a file of another fails the version check). */
  rdbVersion?: number | null;
}

export interface FileToArchive {
  shard: number;
  /** Tencent's file name. */
  sourceName?: string | null;
  url: string;
  sizeBytes?: number | null;
  freshUrl?: () => Promise<string>;
}

export interface ArchiveBackupOptions {
  store: ArchiveStore;
  backup: BackupToArchive;
  files: FileToArchive[];
  productVersion: string;
  exportId?: string | null;
  /** Files transferred at once; default 1. */
  fileConcurrency?: number;
  /** Passed to every transferFile (part size, upload concurrency, attempts, retries…). */
  transfer?: Pick<
    TransferFileOptions,
    | 'partSizeBytes'
    | 'uploadConcurrency'
    | 'bufferPool'
    | 'maxAttempts'
    | 'maxNetworkRetries'
    | 'retryDelayMs'
    | 'maxUrlRefreshes'
    | 'idleTimeoutMs'
  >;
  onEvent?: (event: TransferEvent) => void;
  signal?: AbortSignal;
}

export interface ArchiveBackupResult {
  /** archived: the files and the manifest were written; already-complete: the archive was there, nothing was done. */
  outcome: 'archived' | 'already-complete';
  /** What the directory was before. */
  previousState: ArchiveStateName;
  dir: string;
  manifestKey: string;
  manifest: ArchiveManifest;
  /** The transfers (empty when already complete). */
  results: TransferResult[];
}

export async function archiveBackup(options: ArchiveBackupOptions): Promise<ArchiveBackupResult> {
  const { store, backup } = options;
  const dir = archiveDirOf({
    redisId: backup.redisId,
    backupId: backup.backupId,
    backupStartedAt: backup.backupStartedAt,
  });
  const manifestKey = keyIn(dir, MANIFEST_NAME);
  const signalOption = options.signal ? { signal: options.signal } : {};
  const before = await archiveState(store, dir, signalOption);
  if (before.state === 'complete' && before.manifest) {
    return {
      outcome: 'already-complete',
      previousState: before.state,
      dir,
      manifestKey,
      manifest: before.manifest,
      results: [],
    };
  }
  // A manifest that no longer matches its objects goes first: the directory must not look complete while
  // its files are written again.
  if (before.state === 'mismatch') await store.delete(manifestKey, signalOption);
  const checks: FileChecksOptions = { rdb: !backup.encrypted, expectedRdbVersion: backup.rdbVersion ?? null };
  const queue = [...options.files];
  const results: TransferResult[] = [];
  // The first file that fails stops the others (their uploads are aborted): the archive has failed.
  const stopOthers = new AbortController();
  let firstFailure: { error: unknown } | null = null;
  const signal = options.signal ? AbortSignal.any([options.signal, stopOthers.signal]) : stopOthers.signal;
  const workers = Array.from({ length: Math.max(1, options.fileConcurrency ?? 1) }, async () => {
    for (let file = queue.shift(); file && !signal.aborted; file = queue.shift()) {
      results.push(
        await transferFile({
          ...options.transfer,
          store,
          key: keyIn(dir, shardObjectName(file.shard)),
          shard: file.shard,
          source: {
            url: file.url,
            sizeBytes: file.sizeBytes ?? null,
            ...(file.freshUrl ? { freshUrl: file.freshUrl } : {}),
          },
          checks,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          signal,
        }).catch((error: unknown) => {
          firstFailure ??= { error };
          stopOthers.abort();
          throw error;
        }),
      );
    }
  });
  await Promise.allSettled(workers);
  if (firstFailure) throw (firstFailure as { error: unknown }).error;
  options.signal?.throwIfAborted();
  const manifest = buildManifest({
    productVersion: options.productVersion,
    exportId: options.exportId ?? null,
    redisId: backup.redisId,
    region: backup.region,
    engine: backup.engine ?? null,
    backupId: backup.backupId,
    backupType: backup.backupType,
    backupStartedAt: backup.backupStartedAt,
    encrypted: backup.encrypted,
    files: results.map((result) => ({
      name: shardObjectName(result.shard),
      sourceName: options.files.find((file) => file.shard === result.shard)?.sourceName ?? null,
      result,
    })),
  });
  await writeManifest(store, dir, manifest, signalOption);
  return { outcome: 'archived', previousState: before.state, dir, manifestKey, manifest, results };
}
