// A valid RDB file (REDIS0011, aux fields, a few string keys, a padding value, 0xFF, CRC-64 little-endian)
// of an exact size, produced as a stream: the padding is generated chunk by chunk and the CRC is
// computed on the way, so a multi-gigabyte file costs no memory. The content depends only on its inputs.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Crc64 } from './crc64';

export interface RdbFileSpec {
  redisId: string;
  backupId: string;
  /** Exact size of the file, CRC included. */
  sizeBytes: number;
}

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

function header(spec: RdbFileSpec): Buffer {
  const aux = (key: string, value: Buffer): Buffer => Buffer.concat([Buffer.from([OP_AUX]), encodeString(key), value]);
  const entry = (key: string, value: string): Buffer =>
    Buffer.concat([Buffer.from([TYPE_STRING]), encodeString(key), encodeString(value)]);
  const keys: Array<[string, string]> = [
    ['crs:redis-id', spec.redisId],
    ['crs:backup-id', spec.backupId],
    ['greeting', 'exported by the crs-export CRS simulator'],
  ];
  return Buffer.concat([
    Buffer.from('REDIS0011', 'ascii'),
    aux('redis-ver', encodeString('7.2.4')),
    aux('redis-bits', encodeInt8(64)),
    aux('aof-base', encodeInt8(0)),
    Buffer.from([OP_SELECTDB, 0]),
    Buffer.from([OP_RESIZEDB]),
    encodeLength(keys.length + 1),
    encodeLength(0),
    ...keys.map(([key, value]) => entry(key, value)),
    Buffer.from([TYPE_STRING]),
    encodeString('crs:padding'),
  ]);
}

/** Smallest size this layout can take for these ids (header, 1-byte padding prefix, EOF and CRC). */
export function minimumRdbBytes(spec: Omit<RdbFileSpec, 'sizeBytes'>): number {
  return header({ ...spec, sizeBytes: 0 }).length + 1 + 1 + 8;
}

/** A deterministic printable block the padding repeats: SHA-256 chained from the backup id. */
function paddingBlock(spec: RdbFileSpec): Buffer {
  const block = Buffer.alloc(CHUNK_BYTES);
  let digest = createHash('sha256').update(`${spec.redisId}/${spec.backupId}`).digest();
  for (let offset = 0; offset < CHUNK_BYTES; offset += 64) {
    digest = createHash('sha256').update(digest).digest();
    block.write(digest.toString('hex'), offset, 'ascii');
  }
  return block;
}

async function* rdbChunks(spec: RdbFileSpec): AsyncGenerator<Buffer> {
  const head = header(spec);
  const room = spec.sizeBytes - head.length - 1 - 8;
  if (room < 1)
    throw new Error(
      `an RDB file for ${spec.backupId} needs at least ${minimumRdbBytes(spec)} bytes, asked for ${spec.sizeBytes}`,
    );
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

/** The file as a byte stream (with backpressure). */
export function rdbFileStream(spec: RdbFileSpec): Readable {
  return Readable.from(rdbChunks(spec), { objectMode: false });
}
