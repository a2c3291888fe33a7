// Retention primitives: the archives under a prefix (each with its backup time and state) and the deletion
// of one archive, manifest first, so that an archive deleted halfway never looks complete.
import { keyIn, MANIFEST_NAME, parseArchiveDir } from './archive-layout';
import { stateOf, type ArchiveStateName } from './archive-state';
import { listAllObjects, type ArchiveStore, type StoreCallOptions, type StoredObject } from './archive-store';

export interface ArchiveListing {
  /** The archive's directory in the store: `[<prefix>/]<redisId>/<stamp>-<backupId>`. */
  dir: string;
  redisId: string;
  backupId: string;
  /** ISO-8601 UTC, from the directory's name. */
  backupStartedAt: string;
  /** complete: the manifest and all its objects; incomplete: no manifest; mismatch: objects missing or differing. */
  state: Exclude<ArchiveStateName, 'absent'>;
  /** Its manifest is there and every object it names too (state complete): what retention may delete. */
  complete: boolean;
  objects: number;
  sizeBytes: number;
}

/** Every archive directory under `prefix` ('' for the store's root), oldest backup first. */
export async function listArchives(
  store: ArchiveStore,
  prefix = '',
  filter: { redisId?: string } & StoreCallOptions = {},
): Promise<ArchiveListing[]> {
  const base = prefix.replace(/\/+$/, '');
  const listPrefix = keyIn(base, filter.redisId ? `${filter.redisId}/` : '');
  const byDir = new Map<string, StoredObject[]>();
  for await (const object of listAllObjects(store, listPrefix, filter)) {
    const slash = object.key.lastIndexOf('/');
    if (slash < 0) continue;
    const dir = object.key.slice(0, slash);
    const list = byDir.get(dir) ?? [];
    list.push(object);
    byDir.set(dir, list);
  }
  const listings: ArchiveListing[] = [];
  for (const [dir, objects] of byDir) {
    const relative = base ? dir.slice(base.length + 1) : dir;
    if (base && !dir.startsWith(`${base}/`)) continue;
    const parsed = parseArchiveDir(relative);
    if (!parsed || (filter.redisId && parsed.redisId !== filter.redisId)) continue;
    const { state } = await stateOf(store, dir, objects, filter);
    if (state === 'absent') continue;
    listings.push({
      dir,
      ...parsed,
      state,
      complete: state === 'complete',
      objects: objects.length,
      sizeBytes: objects.reduce((sum, object) => sum + object.sizeBytes, 0),
    });
  }
  return listings.sort((a, b) => a.backupStartedAt.localeCompare(b.backupStartedAt) || a.dir.localeCompare(b.dir));
}

export interface ArchiveDeletion {
  /** Keys deleted, the manifest first. */
  deleted: string[];
  /** Open uploads under the directory that were aborted. */
  abortedUploads: number;
}

/** Deletes every object of the archive in `dir` (the manifest first) and aborts its open uploads. */
export async function deleteArchive(
  store: ArchiveStore,
  dir: string,
  options: StoreCallOptions = {},
): Promise<ArchiveDeletion> {
  const deleted: string[] = [];
  const manifestKey = keyIn(dir, MANIFEST_NAME);
  if (await store.head(manifestKey, options)) {
    await store.delete(manifestKey, options);
    deleted.push(manifestKey);
  }
  const rest: string[] = [];
  for await (const object of listAllObjects(store, `${dir}/`, options)) rest.push(object.key);
  for (const key of rest) {
    await store.delete(key, options);
    deleted.push(key);
  }
  const uploads = await store.listUploads(`${dir}/`, options);
  for (const upload of uploads) await store.abortUpload(upload.key, upload.uploadId, options);
  return { deleted, abortedUploads: uploads.length };
}
