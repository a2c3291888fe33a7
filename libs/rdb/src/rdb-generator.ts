// A deterministic generator of realistic RDB files of an exact size: planned by arithmetic (so the expected
// key counts are known before a byte is produced), then streamed with bounded memory, its large values
// made of one repeated block whose CRC is combined rather than recomputed.
import { Readable } from 'node:stream';
import type { ShardSpec } from './cluster-slot';
import { Crc64 } from './crc64';
import { KEYS_PER_GROUP, KeyGroups, groupKeyTypes } from './key-groups';
import { OPCODE, VALKEY_RDB_VERSION, valueType, type RdbMagic } from './rdb-opcodes';
import { RdbBytes, lengthBytes } from './rdb-encoding';
import {
  BATCH_BYTES,
  BLOCK_BYTES,
  FILLER_VALUE_BYTES,
  FileLayout,
  type ByteRange,
  type GeneratorPlan,
} from './generated-file-layout';
import { countKey, emptyContentSummary, recordAux, type RdbContentSummary } from './rdb-summary';
import { sampleKeysOfDb0, sampleKeysOfOtherDb, type PlannedKey, type SampleContext } from './sample-keys';
import { SeededRandom } from './seeded-random';
import { ShardKeyNames } from './shard-key-names';
import { encodeEntry } from './value-encode';
import { GENERATED_RDB_VERSIONS, versionLayout, type GeneratedRdbVersion, type VersionLayout } from './version-layout';

export type { GeneratedRdbVersion } from './version-layout';
export type { ByteRange } from './generated-file-layout';

export interface RdbGeneratorOptions {
  /** 6 (Redis 2.8), 7 (3.2), 8 (4.0), 9 (5.0-6.2), 10 (7.0), 11 (7.2), or 80 for Valkey 9 (VALKEY080). */
  rdbVersion: GeneratedRdbVersion;
  /** The server version the redis-ver (or, for Valkey, valkey-ver) AUX field names, e.g. "7.0.15". */
  redisVersion: string;
  seed: string;
  /** The exact size of the file, CRC included; at least `minimumRdbSize(options)`. */
  sizeBytes: number;
  /** Only keys whose cluster slot is in this shard's contiguous slot range, all in database 0. */
  shard?: ShardSpec;
  /** How many databases hold keys, 1 to 16 (default 3; always 1 for a shard, as a cluster has only db 0). */
  databases?: number;
  /**
   * What fills the bulk of the file: a few hundred KiB of small keys then 1 MiB string values (default,
   * fast to produce and to walk), or small keys only (a realistic key count, slower).
   */
  fill?: 'big-values' | 'small-keys';
}

export interface GeneratedRdb {
  readonly sizeBytes: number;
  /** The walk summary the file will give, but its checksum (the CRC needs the bytes). */
  readonly expected: RdbContentSummary;
  /**
   * The file (or the bytes of `range`), in chunks of at most 1 MiB; large values come as one shared,
   * never-modified 64 KiB block. A range is reached by arithmetic, not by producing what precedes it,
   * except that a range holding the trailer needs the CRC of the whole file (computed once, then kept).
   */
  chunks(range?: ByteRange): Generator<Buffer, void, undefined>;
  stream(range?: ByteRange): Readable;
}

/** A size every option set can be generated at (see `minimumRdbSize` for the exact one). */
export const MIN_RDB_SIZE_BYTES = 32 * 1024;

const SMALL_KEYS_BASE_BYTES = 256 * 1024;
const RESIZEDB_MAX_BYTES = 1 + 5 + 5;

/** Plans a file: everything but the bytes of the repeated parts is decided here. */
function plan(options: RdbGeneratorOptions, sizeBytes: number | undefined): { plan: GeneratorPlan; minimum: number } {
  const { rdbVersion, redisVersion, seed } = options;
  if (!GENERATED_RDB_VERSIONS.includes(rdbVersion)) {
    throw new RangeError(`rdbVersion ${String(rdbVersion)} is not one of ${GENERATED_RDB_VERSIONS.join(', ')}`);
  }
  const databases = options.shard ? 1 : (options.databases ?? 3);
  if (!Number.isInteger(databases) || databases < 1 || databases > 16) {
    throw new RangeError(`databases must be 1 to 16 (a default Redis has 16), not ${databases}`);
  }
  const layout = versionLayout(rdbVersion);
  const magic: RdbMagic = layout.valkey ? 'VALKEY' : 'REDIS';
  const names = new ShardKeyNames(options.shard);
  const random = new SeededRandom(seed, 'content');
  const evictions = [undefined, 'idle', 'freq'] as const;
  const ctx: SampleContext = {
    layout,
    random,
    names,
    eviction: layout.lruOpcodes ? evictions[new SeededRandom(seed, 'eviction').below(3)] : undefined,
  };
  const expected = emptyContentSummary(magic, rdbVersion);
  const code = (key: PlannedKey): number => key.value.type;
  const count = (db: number, key: { code: number; expires: boolean }, times = 1): void => {
    const type = valueType(magic, key.code);
    if (!type) throw new Error(`the generator wrote the unknown type ${key.code}`);
    countKey(expected, { db, kind: type.kind, encoding: type.encoding, expires: key.expires }, times);
  };

  // Header: magic, AUX fields, function libraries.
  const head = new RdbBytes().push(
    Buffer.from(
      layout.valkey
        ? `VALKEY${String(VALKEY_RDB_VERSION).padStart(3, '0')}`
        : `REDIS${String(rdbVersion).padStart(4, '0')}`,
      'latin1',
    ),
  );
  if (layout.auxAndResize) {
    for (const [key, value] of auxFields(layout, redisVersion, seed)) {
      head.byte(OPCODE.AUX).string(key).string(value);
      recordAux(expected, key, value);
    }
  }
  if (layout.functions) {
    head.byte(OPCODE.FUNCTION2).string(functionLibrary(seed));
    expected.functions++;
  }

  // Database 0: sample keys, groups of small keys, large values, and the padding key.
  const samples0 = sampleKeysOfDb0(ctx);
  const samples0Bytes = Buffer.concat(samples0.map((k) => encodeEntry(k.name, k.value, k.options)));
  const pool = random.letters(4096);
  const groups = new KeyGroups(layout, names, pool);
  const groupBytes = groups.groupBytes;
  const fillerName = (index: number): string => names.fixedWidth(`blob:${String(index).padStart(10, '0')}`);
  const fillerNameBytes = fillerName(0).length;
  const fillerEntryBytes =
    1 + lengthBytes(fillerNameBytes) + fillerNameBytes + lengthBytes(FILLER_VALUE_BYTES) + FILLER_VALUE_BYTES;
  const paddingBase = `pad:${new SeededRandom(seed, 'padding').letters(8)}`;
  const paddingNameBytes = (extra: number): number => names.fixedWidth(paddingBase + 'x'.repeat(extra)).length;
  const paddingMin = 1 + 1 + paddingNameBytes(0) + 1;
  const paddingSlack = paddingMin + 16;

  // Databases 1 and up.
  const others = new RdbBytes();
  const otherKeys: Array<{ db: number; keys: PlannedKey[] }> = [];
  for (let db = 1; db < databases; db++) {
    const keys = sampleKeysOfOtherDb(ctx, db);
    otherKeys.push({ db, keys });
    others.byte(OPCODE.SELECTDB).len(db);
    if (layout.auxAndResize) {
      others
        .byte(OPCODE.RESIZEDB)
        .len(keys.length)
        .len(keys.filter((k) => k.options.expireAtMs !== undefined).length);
    }
    for (const key of keys) others.push(encodeEntry(key.name, key.value, key.options));
  }

  const fixed =
    head.size + 2 + samples0Bytes.length + (layout.auxAndResize ? RESIZEDB_MAX_BYTES : 0) + others.size + 1 + 8;
  const minimum = fixed + paddingSlack;
  const size = sizeBytes ?? minimum;
  if (!Number.isSafeInteger(size) || size < minimum) {
    throw new RangeError(`sizeBytes ${size} is below the minimum of ${minimum} bytes for these options`);
  }

  const budget = size - fixed;
  const avail = budget - paddingSlack;
  const small = options.fill === 'small-keys' ? avail : Math.min(avail, SMALL_KEYS_BASE_BYTES + Math.floor(avail / 64));
  const fillerCount = Math.floor((avail - small) / fillerEntryBytes);
  const groupCount = Math.floor((avail - fillerCount * fillerEntryBytes) / groupBytes);
  const samples0Expires = samples0.filter((k) => k.options.expireAtMs !== undefined).length;
  const keys0 = samples0.length + groupCount * KEYS_PER_GROUP + fillerCount + 1;
  const expires0 = samples0Expires + groupCount;
  const resize = layout.auxAndResize ? 1 + lengthBytes(keys0) + lengthBytes(expires0) : 0;
  const paddingEntry =
    budget -
    fillerCount * fillerEntryBytes -
    groupCount * groupBytes +
    (layout.auxAndResize ? RESIZEDB_MAX_BYTES - resize : 0);
  const padding = solvePadding(paddingEntry, paddingNameBytes);

  const db0 = new RdbBytes().byte(OPCODE.SELECTDB).len(0);
  if (layout.auxAndResize) db0.byte(OPCODE.RESIZEDB).len(keys0).len(expires0);
  const prologue = Buffer.concat([head.toBuffer(), db0.toBuffer(), samples0Bytes]);

  for (const key of samples0) count(0, { code: code(key), expires: key.options.expireAtMs !== undefined });
  for (const type of groupKeyTypes(layout)) count(0, type, groupCount);
  count(0, { code: 0, expires: false }, fillerCount + 1);
  for (const { db, keys } of otherKeys) {
    for (const key of keys) count(db, { code: code(key), expires: key.options.expireAtMs !== undefined });
  }
  expected.bytes = size;

  const block = new SeededRandom(seed, 'block').bytes(BLOCK_BYTES);
  return {
    minimum,
    plan: {
      layout,
      magic,
      names,
      prologue,
      groups,
      groupCount,
      groupsPerBatch: Math.max(1, Math.floor(BATCH_BYTES / groupBytes)),
      fillerCount,
      fillerName,
      paddingName: names.fixedWidth(paddingBase + 'x'.repeat(padding.extra)),
      paddingValueBytes: padding.valueBytes,
      epilogue: others.toBuffer(),
      block,
      blockCrc: new Crc64().update(block),
      expected,
    },
  };
}

/** The padding key's name growth and value length that make its entry exactly `entryBytes` long. */
function solvePadding(entryBytes: number, nameBytes: (extra: number) => number): { extra: number; valueBytes: number } {
  for (let extra = 0; extra <= 8; extra++) {
    const name = nameBytes(extra);
    const rest = entryBytes - 1 - lengthBytes(name) - name;
    for (const header of [1, 2, 5, 9]) {
      const valueBytes = rest - header;
      if (valueBytes >= 0 && lengthBytes(valueBytes) === header) return { extra, valueBytes };
    }
  }
  throw new Error(`no padding key fills exactly ${entryBytes} bytes`);
}

function auxFields(layout: VersionLayout, serverVersion: string, seed: string): Array<[string, string]> {
  const random = new SeededRandom(seed, 'aux');
  const ctime = String(1_600_000_000 + random.below(100_000_000));
  // Independent of the file size, so that minimumRdbSize is exact.
  const usedMem = String(1_000_000 + random.below(1_000_000_000));
  const fields: Array<[string, string]> = [];
  if (layout.valkey) fields.push(['valkey-ver', serverVersion], ['redis-ver', '7.2.4']);
  else fields.push(['redis-ver', serverVersion]);
  fields.push(['redis-bits', '64'], ['ctime', ctime], ['used-mem', usedMem]);
  if (layout.version >= 9) {
    fields.push(
      ['repl-stream-db', '0'],
      ['repl-id', random.hex(40)],
      ['repl-offset', String(random.below(1_000_000_000))],
    );
  }
  if (layout.version >= 10) fields.push(['aof-base', '0']);
  else if (layout.version >= 8) fields.push(['aof-preamble', '0']);
  return fields;
}

function functionLibrary(seed: string): string {
  const name = `lib_${new SeededRandom(seed, 'function').letters(6)}`;
  return [
    `#!lua name=${name}`,
    `redis.register_function('${name}_ping', function(keys, args) return 'pong' end)`,
    `redis.register_function{function_name='${name}_get', callback=function(keys, args) return redis.call('GET', keys[1]) end, flags={'no-writes'}}`,
  ].join('\n');
}

/** The smallest `sizeBytes` these options can be generated at. */
export function minimumRdbSize(options: Omit<RdbGeneratorOptions, 'sizeBytes'>): number {
  return plan({ ...options, sizeBytes: 0 }, undefined).minimum;
}

export function generateRdb(options: RdbGeneratorOptions): GeneratedRdb {
  const { plan: p } = plan(options, options.sizeBytes);
  const sizeBytes = options.sizeBytes;
  const file = new FileLayout(p, sizeBytes);
  return {
    sizeBytes,
    expected: structuredClone(p.expected),
    chunks: (range) => file.emit(range),
    stream: (range) => Readable.from(file.emit(range), { objectMode: false }),
  };
}
