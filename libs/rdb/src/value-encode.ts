// Builds RDB values of every type and layout a generated file holds (the bytes after the key name), each
// tagged with its RDB type code, and whole key entries with their expire and LRU/LFU opcodes.
import type { CompactValue } from './compact-value';
import { encodeIntset } from './intset-encode';
import { encodeListpack } from './listpack-encode';
import { lzfCompress } from './lzf-compress';
import { OPCODE } from './rdb-opcodes';
import { RdbBytes, encodeBinaryDouble, encodeDoubleText, encodeLzfString, encodeMillis } from './rdb-encoding';
import { encodeStreamValue, type StreamSpec } from './stream-encode';
import { encodeZiplist } from './ziplist-encode';

export interface EncodedValue {
  type: number;
  bytes: Buffer;
}

/** A quicklist node: its elements, and whether Redis keeps it LZF-compressed (list-compress-depth). */
export interface QuicklistNode {
  items: readonly CompactValue[];
  compressed?: boolean;
  /** A quicklist2 plain node (an element too big for a listpack) holds this one element instead. */
  plain?: Uint8Array;
}

const value = (type: number, build: (out: RdbBytes) => void): EncodedValue => {
  const out = new RdbBytes();
  build(out);
  return { type, bytes: out.toBuffer() };
};

const text = (v: CompactValue): string | Uint8Array => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : v);

export function stringValue(v: string | Uint8Array, compress = true): EncodedValue {
  return value(0, (out) => out.string(v, compress));
}

/** Types 1 (list) and 2 (set): a count and the elements. */
export function plainCollection(type: 1 | 2, items: readonly CompactValue[]): EncodedValue {
  return value(type, (out) => {
    out.len(items.length);
    for (const item of items) out.string(text(item));
  });
}

/** Type 3 (text scores, RDB < 8) or 5 (binary scores). */
export function skiplistZset(members: ReadonlyArray<readonly [string, number]>, binaryScores: boolean): EncodedValue {
  return value(binaryScores ? 5 : 3, (out) => {
    out.len(members.length);
    for (const [member, score] of members) {
      out.string(member);
      out.push(binaryScores ? encodeBinaryDouble(score) : encodeDoubleText(score));
    }
  });
}

/** Type 4: field/value pairs. */
export function hashtableHash(pairs: ReadonlyArray<readonly [string, string]>): EncodedValue {
  return value(4, (out) => {
    out.len(pairs.length);
    for (const [field, v] of pairs) out.string(field).string(v);
  });
}

/** Valkey 9's type 22: field, value and an 8-byte expire time per field (-1 for none). */
export function valkeyHashWithExpiry(fields: ReadonlyArray<readonly [string, string, number]>): EncodedValue {
  return value(22, (out) => {
    out.len(fields.length);
    for (const [field, v, expireMs] of fields) out.string(field).string(v).push(encodeMillis(expireMs));
  });
}

/** A blob value (ziplist, listpack, intset) saved with rdbSaveRawString, so possibly LZF-compressed. */
export function blobValue(type: number, blob: Buffer, compress = true): EncodedValue {
  return value(type, (out) => out.string(blob, compress));
}

export const ziplistList = (items: readonly CompactValue[], compress = true): EncodedValue =>
  blobValue(10, encodeZiplist(items), compress);
export const intsetSet = (members: readonly number[], compress = true): EncodedValue =>
  blobValue(11, encodeIntset(members), compress);
export const listpackSet = (members: readonly string[], compress = true): EncodedValue =>
  blobValue(20, encodeListpack(members), compress);

/** Types 12 and 13: member/score or field/value pairs in one ziplist. */
export function ziplistPairs(
  type: 12 | 13,
  pairs: ReadonlyArray<readonly [CompactValue, CompactValue]>,
  compress = true,
): EncodedValue {
  return blobValue(type, encodeZiplist(pairs.flat()), compress);
}

/** Types 16 (hash) and 17 (zset): pairs in one listpack. */
export function listpackPairs(
  type: 16 | 17,
  pairs: ReadonlyArray<readonly [CompactValue, CompactValue]>,
  compress = true,
): EncodedValue {
  return blobValue(type, encodeListpack(pairs.flat()), compress);
}

/** Scores as zzlInsertAt stores them in a ziplist or listpack: the shortest text of the double. */
export function scoreText(score: number): string {
  return Number.isInteger(score) ? score.toFixed(0) : String(score);
}

/** A node Redis keeps compressed is saved as its LZF blob even when rdbcompression is off. */
function quicklistNodeBytes(out: RdbBytes, blob: Buffer, compressed: boolean | undefined, compress: boolean): void {
  const lzf = compressed ? lzfCompress(blob) : undefined;
  if (lzf) out.push(encodeLzfString(lzf, blob.length));
  else out.string(blob, compress);
}

/** Type 14 (Redis 3.2-6.2): ziplist nodes. */
export function quicklist(nodes: readonly QuicklistNode[], compress = true): EncodedValue {
  return value(14, (out) => {
    out.len(nodes.length);
    for (const node of nodes) quicklistNodeBytes(out, encodeZiplist(node.items), node.compressed, compress);
  });
}

/** Type 18 (Redis 7.0+): each node is a container (1 plain, 2 packed) and a listpack or the plain element. */
export function quicklist2(nodes: readonly QuicklistNode[], compress = true): EncodedValue {
  return value(18, (out) => {
    out.len(nodes.length);
    for (const node of nodes) {
      if (node.plain) {
        out.len(1);
        quicklistNodeBytes(out, Buffer.from(node.plain), node.compressed, compress);
      } else {
        out.len(2);
        quicklistNodeBytes(out, encodeListpack(node.items), node.compressed, compress);
      }
    }
  });
}

export function streamValue(spec: StreamSpec, type: 15 | 19 | 21): EncodedValue {
  return { type, bytes: encodeStreamValue(spec, type, true) };
}

export interface EntryOptions {
  expireAtMs?: number;
  /** LRU idle seconds (maxmemory-policy *-lru) or LFU counter (*-lfu); RDB 9 and later. */
  idle?: number;
  freq?: number;
  /** Whether the key name may be LZF-compressed or integer-encoded (as Redis would); off for sized names. */
  encodeName?: boolean;
}

/** A whole key entry as rdbSaveKeyValuePair writes it: expire, LRU/LFU, type, name, value. */
export function encodeEntry(name: string, v: EncodedValue, options: EntryOptions = {}): Buffer {
  const out = new RdbBytes();
  if (options.expireAtMs !== undefined) out.byte(OPCODE.EXPIRETIME_MS).millis(options.expireAtMs);
  if (options.idle !== undefined) out.byte(OPCODE.IDLE).len(options.idle);
  if (options.freq !== undefined) out.byte(OPCODE.FREQ).byte(options.freq);
  out.byte(v.type);
  if (options.encodeName === false) out.raw(name);
  else out.string(name);
  out.push(v.bytes);
  return out.toBuffer();
}
