// What a walk of an RDB file reports (and what the generator predicts): keys per database, per type and per
// encoding, expires, auxiliary fields, functions, and how the checksum came out. Plain JSON throughout.
import { RDB_VALUE_KINDS, type RdbMagic, type RdbValueKind, type RdbValueType } from './rdb-opcodes';

export type RdbTypeCounts = Record<RdbValueKind, number>;

export interface RdbDatabaseSummary {
  keys: number;
  /** Keys of this database with an expire time (the `expires=` of INFO keyspace). */
  expires: number;
  types: RdbTypeCounts;
}

/** Everything about a file's content that can be known without reading its bytes (the generator's promise). */
export interface RdbContentSummary {
  magic: RdbMagic;
  rdbVersion: number;
  /** Size of the file in bytes, checksum included. */
  bytes: number;
  /** The first 64 auxiliary fields; values longer than 256 bytes are cut (see `auxFields` for the count). */
  aux: Record<string, string>;
  auxFields: number;
  /** Keys a loader keeps: empty collections (which loaders skip) are counted in `emptyKeys` instead. */
  keys: number;
  expires: number;
  emptyKeys: number;
  types: RdbTypeCounts;
  /** Keys per value layout, e.g. { 'hash-listpack': 3, 'list-quicklist2': 1 }. */
  encodings: Record<string, number>;
  /** Per database number (as a string key, e.g. "0"). */
  databases: Record<string, RdbDatabaseSummary>;
  /** FUNCTION2 (and pre-release FUNCTION) libraries. */
  functions: number;
  moduleAux: number;
  /** Module values per module type name (e.g. "ReJSON-RL"), at most 64 names. */
  modules: Record<string, number>;
  slotInfo: number;
  slotImports: number;
}

export type RdbChecksumStatus = 'verified' | 'disabled' | 'absent';

export interface RdbSummary extends RdbContentSummary {
  checksum: {
    /** verified: stored and equal; disabled: stored as 0 (rdbchecksum no); absent: RDB version < 5. */
    status: RdbChecksumStatus;
    /** The CRC-64 of every byte before the trailer, 16 hex digits. */
    computed: string;
    stored?: string;
  };
  /** Blobs larger than the walker's limit: walked for length and compression, their inner encoding unchecked. */
  uncheckedBlobs: number;
}

export const MAX_AUX_FIELDS = 64;
const DB_NAMES = Array.from({ length: 256 }, (_, db) => String(db));
export const MAX_AUX_VALUE_BYTES = 256;
export const MAX_MODULE_NAMES = 64;

export function zeroTypeCounts(): RdbTypeCounts {
  const counts = {} as RdbTypeCounts;
  for (const kind of RDB_VALUE_KINDS) counts[kind] = 0;
  return counts;
}

export function emptyContentSummary(magic: RdbMagic, rdbVersion: number): RdbContentSummary {
  return {
    magic,
    rdbVersion,
    bytes: 0,
    aux: {},
    auxFields: 0,
    keys: 0,
    expires: 0,
    emptyKeys: 0,
    types: zeroTypeCounts(),
    encodings: {},
    databases: {},
    functions: 0,
    moduleAux: 0,
    modules: {},
    slotInfo: 0,
    slotImports: 0,
  };
}

/** Counts one key into a summary (shared by the walker and the generator's prediction). */
export function countKey(
  summary: RdbContentSummary,
  key: { db: number; kind: RdbValueKind; encoding: string; expires: boolean },
  times = 1,
): void {
  if (times === 0) return;
  summary.keys += times;
  summary.types[key.kind] += times;
  summary.encodings[key.encoding] = (summary.encodings[key.encoding] ?? 0) + times;
  const name = DB_NAMES[key.db] ?? String(key.db);
  let db = summary.databases[name];
  if (!db) {
    db = { keys: 0, expires: 0, types: zeroTypeCounts() };
    summary.databases[name] = db;
  }
  db.keys += times;
  db.types[key.kind] += times;
  if (key.expires) {
    summary.expires += times;
    db.expires += times;
  }
}

const COLLECTIONS: ReadonlySet<RdbValueKind> = new Set(['list', 'set', 'zset', 'hash']);

/** Counts a key the walker finished; loaders skip empty collections (Redis #8453), so they are counted apart. */
export function countWalkedKey(
  summary: RdbContentSummary,
  key: {
    type: RdbValueType;
    db: number;
    elements: number;
    uncounted: boolean;
    expires: boolean;
    module: string | null;
  },
): void {
  if (key.elements === 0 && !key.uncounted && COLLECTIONS.has(key.type.kind)) {
    summary.emptyKeys++;
    return;
  }
  countKey(summary, { db: key.db, kind: key.type.kind, encoding: key.type.encoding, expires: key.expires });
  if (key.module !== null) {
    const known = key.module in summary.modules || Object.keys(summary.modules).length < MAX_MODULE_NAMES;
    const name = known ? key.module : 'other';
    summary.modules[name] = (summary.modules[name] ?? 0) + 1;
  }
}

export function recordAux(summary: RdbContentSummary, key: string, value: string): void {
  summary.auxFields++;
  if (Object.keys(summary.aux).length < MAX_AUX_FIELDS || key in summary.aux) summary.aux[key] = value;
}
