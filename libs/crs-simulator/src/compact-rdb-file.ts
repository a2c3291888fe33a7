// The compact RDB layout: header, AUX fields (RDB 7+), SELECTDB 0, RESIZEDB (RDB 7+), a few string keys
// and one padding value sized so that the file is exactly the asked size, 0xFF and the CRC-64 little-endian.
// Streamed: the padding is produced chunk by chunk and the CRC computed on the way, so a multi-gigabyte
// file costs no memory. It is what files too small for libs/rdb's realistic generator are made of.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Crc64, shardOwnsKey } from '@crs-export/rdb';
import type { RdbFileContent, RdbFileSpec } from './rdb-source';

const CHUNK_BYTES = 64 * 1024;
const OP_AUX = 0xfa;
const OP_RESIZEDB = 0xfb;
const OP_SELECTDB = 0xfe;
const OP_EOF = 0xff;
const TYPE_STRING = 0x00;

/** RDB length encoding, shortest form. */
function encodeLength(length: number): Buffer {
  if (length < 64) return Buffer.from([length]);
  if (length < 16384) return Buffer.from([0x40 | (length >> 8), length & 0xff]);
  if (length <= 0xffffffff) {
    const out = Buffer.alloc(5);
    out[0] = 0x80;
    out.writeUInt32BE(length, 1);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = 0x81;
  out.writeBigUInt64BE(BigInt(length), 1);
  return out;
}

function encodeString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([encodeLength(bytes.length), bytes]);
}

/** A string stored as an 8-bit integer (RDB_ENC_INT8), as Redis writes redis-bits. */
function encodeInt8(value: number): Buffer {
  return Buffer.from([0xc0, value & 0xff]);
}

/**
 * Length prefix of the padding value so that prefix + value fill `room` bytes exactly. Loaders decode a
 * non-shortest length form fine, which closes the gaps between the forms (e.g. room 65).
 */
function paddingLength(room: number): { prefix: Buffer; valueBytes: number } {
  if (room - 1 < 64) return { prefix: encodeLength(room - 1), valueBytes: room - 1 };
  if (room - 2 < 16384) {
    const n = room - 2;
    return { prefix: Buffer.from([0x40 | (n >> 8), n & 0xff]), valueBytes: n };
  }
  if (room - 5 <= 0xffffffff) {
    const prefix = Buffer.alloc(5);
    prefix[0] = 0x80;
    prefix.writeUInt32BE(room - 5, 1);
    return { prefix, valueBytes: room - 5 };
  }
  const prefix = Buffer.alloc(9);
  prefix[0] = 0x81;
  prefix.writeBigUInt64BE(BigInt(room - 9), 1);
  return { prefix, valueBytes: room - 9 };
}

const tags = new Map<string, string>();

/** A `{hash tag}` whose slot the shard owns: keys that carry it land in that shard. */
function shardHashTag(shard: { index: number; count: number }): string {
  const cacheKey = `${shard.index}/${shard.count}`;
  let tag = tags.get(cacheKey);
  for (let n = 0; tag === undefined; n++) {
    const candidate = `{s${n.toString(36)}}`;
    if (shardOwnsKey(shard, candidate)) tag = candidate;
  }
  tags.set(cacheKey, tag);
  return tag;
}

/** Key names of the layout: a shard's carry a hash tag of its slots, so each file holds only its own keys. */
function keyNames(spec: RdbFileSpec): { keys: Array<[string, string]>; padding: string } {
  const tag = spec.shard && spec.shard.count > 1 ? shardHashTag(spec.shard) : '';
  return {
    keys: [
      [`crs:redis-id${tag}`, spec.identity.redisId],
      [`crs:backup-id${tag}`, spec.identity.backupId],
      [`greeting${tag}`, 'exported by the crs-export CRS simulator'],
    ],
    padding: `crs:padding${tag}`,
  };
}

function header(spec: RdbFileSpec): Buffer {
  const aux = (key: string, value: Buffer): Buffer => Buffer.concat([Buffer.from([OP_AUX]), encodeString(key), value]);
  const entry = (key: string, value: string): Buffer =>
    Buffer.concat([Buffer.from([TYPE_STRING]), encodeString(key), encodeString(value)]);
  const { keys, padding } = keyNames(spec);
  // AUX and RESIZEDB came with RDB 7 (Redis 3.2); aof-base replaced aof-preamble in 7.0 (RDB 10).
  const modern = spec.rdbVersion >= 7;
  return Buffer.concat([
    Buffer.from(`REDIS${String(spec.rdbVersion).padStart(4, '0')}`, 'ascii'),
    ...(modern
      ? [
          aux('redis-ver', encodeString(spec.redisVersion)),
          aux('redis-bits', encodeInt8(64)),
          aux(spec.rdbVersion >= 10 ? 'aof-base' : 'aof-preamble', encodeInt8(0)),
        ]
      : []),
    Buffer.from([OP_SELECTDB, 0]),
    ...(modern ? [Buffer.from([OP_RESIZEDB]), encodeLength(keys.length + 1), encodeLength(0)] : []),
    ...keys.map(([key, value]) => entry(key, value)),
    Buffer.from([TYPE_STRING]),
    encodeString(padding),
  ]);
}

/** Smallest size this layout can take for this spec (header, 1-byte padding prefix, EOF and CRC). */
export function minimumCompactRdbBytes(spec: Omit<RdbFileSpec, 'sizeBytes'>): number {
  return header({ ...spec, sizeBytes: 0 }).length + 1 + 1 + 8;
}

/** A deterministic printable block the padding repeats: SHA-256 chained from the seed. */
function paddingBlock(spec: RdbFileSpec): Buffer {
  const block = Buffer.alloc(CHUNK_BYTES);
  let digest = createHash('sha256').update(spec.seed).digest();
  for (let offset = 0; offset < CHUNK_BYTES; offset += 64) {
    digest = createHash('sha256').update(digest).digest();
    block.write(digest.toString('hex'), offset, 'ascii');
  }
  return block;
}

function* rdbChunks(spec: RdbFileSpec): Generator<Buffer> {
  const head = header(spec);
  const room = spec.sizeBytes - head.length - 1 - 8;
  if (room < 1)
    throw new Error(`this RDB file needs at least ${minimumCompactRdbBytes(spec)} bytes, asked for ${spec.sizeBytes}`);
  const { prefix, valueBytes } = paddingLength(room);
  const crc = new Crc64();
  const first = Buffer.concat([head, prefix]);
  crc.update(first);
  yield first;
  const block = paddingBlock(spec);
  for (let left = valueBytes; left > 0; left -= CHUNK_BYTES) {
    const chunk = left >= CHUNK_BYTES ? block : block.subarray(0, left);
    crc.update(chunk);
    yield chunk;
  }
  const eof = Buffer.from([OP_EOF]);
  crc.update(eof);
  yield Buffer.concat([eof, crc.littleEndian()]);
}

export function compactRdbFile(spec: RdbFileSpec): RdbFileContent {
  const keys = keyNames(spec).keys.length + 1;
  return {
    sizeBytes: spec.sizeBytes,
    layout: 'compact',
    keys: { total: keys, expires: 0, databases: { '0': { keys, expires: 0 } } },
    stream: () => Readable.from(rdbChunks(spec), { objectMode: false }),
  };
}
