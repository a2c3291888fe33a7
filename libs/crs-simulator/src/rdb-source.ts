// Where the simulator's RDB files come from: libs/rdb's deterministic generator (every type and encoding
// the engine's RDB version writes, expires, several databases for a standard instance), and the compact
// layout for the sizes and versions it cannot make. One function, so the choice lives in one place.
import type { Readable } from 'node:stream';
import {
  GENERATED_RDB_VERSIONS,
  generateRdb,
  minimumRdbSize,
  type GeneratedRdbVersion,
  type RdbContentSummary,
} from '@crs-export/rdb';
import { compactRdbFile } from './compact-rdb-file';

export interface RdbFileSpec {
  /** `RDB_VERSION` of the engine (6, 8, 9, 10, 11). */
  rdbVersion: number;
  /** The server version written in the `redis-ver` AUX field. */
  redisVersion: string;
  /** Everything the content is derived from: the same seed gives the same bytes. */
  seed: string;
  /** Exact size of the file, CRC included. */
  sizeBytes: number;
  /** A cluster shard's file holds only the keys of its slots (0-based index), all in database 0. */
  shard?: { index: number; count: number };
  /** Named in the compact layout's keys, so that a file says what it is a backup of. */
  identity: { redisId: string; backupId: string };
}

export interface ExpectedKeys {
  /** What `DBSIZE` summed over the databases of a redis-server that loaded the file gives. */
  total: number;
  expires: number;
  /** Per database number ("0", "1", ...), as INFO keyspace shows them. */
  databases: Record<string, { keys: number; expires: number }>;
}

export interface RdbFileContent {
  sizeBytes: number;
  /** realistic: libs/rdb's every-type content; compact: a few string keys and one padding value. */
  layout: 'compact' | 'realistic';
  keys: ExpectedKeys;
  /** A new stream of the file's bytes each time. */
  stream(): Readable;
}

function isGeneratedVersion(version: number): version is GeneratedRdbVersion {
  return (GENERATED_RDB_VERSIONS as readonly number[]).includes(version);
}

function expectedKeys(summary: RdbContentSummary): ExpectedKeys {
  return {
    total: summary.keys,
    expires: summary.expires,
    databases: Object.fromEntries(
      Object.entries(summary.databases).map(([db, { keys, expires }]) => [db, { keys, expires }]),
    ),
  };
}

/** Plans are cheap but not free, and each download and file listing asks again: keep the recent ones. */
const recent = new Map<string, RdbFileContent>();
const RECENT_LIMIT = 64;

export function rdbFileContent(spec: RdbFileSpec): RdbFileContent {
  const cacheKey = JSON.stringify([
    spec.rdbVersion,
    spec.redisVersion,
    spec.seed,
    spec.sizeBytes,
    spec.shard,
    spec.identity,
  ]);
  const cached = recent.get(cacheKey);
  if (cached) return cached;
  const content = makeContent(spec);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(cacheKey, content);
  return content;
}

function makeContent(spec: RdbFileSpec): RdbFileContent {
  if (!isGeneratedVersion(spec.rdbVersion)) return compactRdbFile(spec);
  const options = {
    rdbVersion: spec.rdbVersion,
    redisVersion: spec.redisVersion,
    seed: spec.seed,
    ...(spec.shard ? { shard: spec.shard } : {}),
  };
  if (spec.sizeBytes < minimumRdbSize(options)) return compactRdbFile(spec);
  const generated = generateRdb({ ...options, sizeBytes: spec.sizeBytes });
  return {
    sizeBytes: spec.sizeBytes,
    layout: 'realistic',
    keys: expectedKeys(generated.expected),
    stream: () => generated.stream(),
  };
}
