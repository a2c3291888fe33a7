// Builds listpacks the way Redis's lpAppend does (integers in the smallest integer encoding, text that is
// a canonical integer stored as one), for the generator and for test fixtures.
import { asIntegerOrBytes, type CompactValue } from './compact-value';
import { backlenBytes } from './listpack-check';

function encodeInteger(v: bigint): Buffer {
  if (v >= 0n && v <= 127n) return Buffer.from([Number(v)]);
  if (v >= -4096n && v <= 4095n) {
    const u = Number(v < 0n ? (1n << 13n) + v : v);
    return Buffer.from([0xc0 | (u >> 8), u & 0xff]);
  }
  if (v >= -32768n && v <= 32767n) {
    const out = Buffer.alloc(3);
    out[0] = 0xf1;
    out.writeInt16LE(Number(v), 1);
    return out;
  }
  if (v >= -8388608n && v <= 8388607n) {
    const u = Number(v < 0n ? (1n << 24n) + v : v);
    return Buffer.from([0xf2, u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff]);
  }
  if (v >= -2147483648n && v <= 2147483647n) {
    const out = Buffer.alloc(5);
    out[0] = 0xf3;
    out.writeInt32LE(Number(v), 1);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = 0xf4;
  out.writeBigInt64LE(v, 1);
  return out;
}

function encodeText(bytes: Uint8Array): Buffer {
  const n = bytes.length;
  let head: Buffer;
  if (n < 64) head = Buffer.from([0x80 | n]);
  else if (n < 4096) head = Buffer.from([0xe0 | (n >> 8), n & 0xff]);
  else {
    head = Buffer.alloc(5);
    head[0] = 0xf0;
    head.writeUInt32LE(n, 1);
  }
  return Buffer.concat([head, bytes]);
}

/** lpEncodeBacklen: the entry size in 7-bit groups, most significant first, all but the first with bit 7. */
function encodeBacklen(size: number): Buffer {
  const count = backlenBytes(size);
  const out = Buffer.alloc(count);
  for (let i = 0; i < count; i++) {
    const group = Math.floor(size / 2 ** (7 * (count - 1 - i))) & 127;
    out[i] = i === 0 ? group : group | 128;
  }
  return out;
}

export function encodeListpackEntry(value: CompactValue): Buffer {
  const v = asIntegerOrBytes(value);
  const body = typeof v === 'bigint' ? encodeInteger(v) : encodeText(v);
  return Buffer.concat([body, encodeBacklen(body.length)]);
}

export function encodeListpack(values: readonly CompactValue[]): Buffer {
  const entries = values.map(encodeListpackEntry);
  const size = 6 + entries.reduce((sum, e) => sum + e.length, 0) + 1;
  const head = Buffer.alloc(6);
  head.writeUInt32LE(size, 0);
  head.writeUInt16LE(Math.min(values.length, 0xffff), 4);
  return Buffer.concat([head, ...entries, Buffer.from([0xff])]);
}
