// Where an archive directory stands: absent, incomplete (objects but no manifest), complete (the manifest
// and every object it names, with its size) or mismatch (a manifest whose objects are missing or differ),
// so that archiving a backup that is already complete is a no-op that says so.
import { errorText } from './archive-errors';
import { keyIn, MANIFEST_NAME } from './archive-layout';
import { readManifest, type ArchiveManifest } from './archive-manifest';
import { listAllObjects, type ArchiveStore, type StoreCallOptions, type StoredObject } from './archive-store';

export type ArchiveStateName = 'absent' | 'incomplete' | 'complete' | 'mismatch';

export interface ArchiveState {
  state: ArchiveStateName;
  dir: string;
  manifest: ArchiveManifest | null;
  /** The directory's objects (the manifest included). */
  objects: StoredObject[];
  /** Why it is a mismatch (or an incomplete archive's missing manifest), one line each. */
  problems: string[];
}

export async function archiveState(
  store: ArchiveStore,
  dir: string,
  options: StoreCallOptions = {},
): Promise<ArchiveState> {
  const objects: StoredObject[] = [];
  for await (const object of listAllObjects(store, `${dir}/`, options)) objects.push(object);
  return stateOf(store, dir, objects, options);
}

/** The state from a listing already made (retention lists many archives at once). */
export async function stateOf(
  store: ArchiveStore,
  dir: string,
  objects: StoredObject[],
  options: StoreCallOptions = {},
): Promise<ArchiveState> {
  const hasManifest = objects.some((object) => object.key === keyIn(dir, MANIFEST_NAME));
  if (!hasManifest) {
    if (objects.length === 0) return { state: 'absent', dir, manifest: null, objects, problems: [] };
    return { state: 'incomplete', dir, manifest: null, objects, problems: ['no manifest.json'] };
  }
  let manifest: ArchiveManifest | null;
  try {
    manifest = await readManifest(store, dir, options);
  } catch (error) {
    return { state: 'mismatch', dir, manifest: null, objects, problems: [errorText(error)] };
  }
  if (!manifest) return { state: 'incomplete', dir, manifest: null, objects, problems: ['no manifest.json'] };
  const problems: string[] = [];
  for (const file of manifest.files) {
    const object = objects.find((candidate) => candidate.key === keyIn(dir, file.name));
    if (!object) problems.push(`${file.name}: missing`);
    else if (object.sizeBytes !== file.sizeBytes) {
      problems.push(`${file.name}: ${object.sizeBytes} bytes, the manifest says ${file.sizeBytes}`);
    }
  }
  return { state: problems.length === 0 ? 'complete' : 'mismatch', dir, manifest, objects, problems };
}
