// Builds ziplists the way Redis's ziplistPush did (short canonical integers in the smallest integer
// encoding, prevlen of 1 or 5 bytes), for RDB versions before 10 and for test fixtures.
import { asIntegerOrBytes, type CompactValue } from './compact-value';

function encodeData(value: CompactValue): Buffer {
  // zipTryEncoding only tries text shorter than 32 bytes.
  const v = asIntegerOrBytes(value, 31);
  if (typeof v === 'bigint') {
    if (v >= 0n && v <= 12n) return Buffer.from([0xf1 + Number(v)]);
    if (v >= -128n && v <= 127n) return Buffer.from([0xfe, Number(v) & 0xff]);
    if (v >= -32768n && v <= 32767n) {
      const out = Buffer.alloc(3);
      out[0] = 0xc0;
      out.writeInt16LE(Number(v), 1);
      return out;
    }
    if (v >= -8388608n && v <= 8388607n) {
      const u = Number(v < 0n ? (1n << 24n) + v : v);
      return Buffer.from([0xf0, u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff]);
    }
    if (v >= -2147483648n && v <= 2147483647n) {
      const out = Buffer.alloc(5);
      out[0] = 0xd0;
      out.writeInt32LE(Number(v), 1);
      return out;
    }
    const out = Buffer.alloc(9);
    out[0] = 0xe0;
    out.writeBigInt64LE(v, 1);
    return out;
  }
  const n = v.length;
  let head: Buffer;
  if (n <= 0x3f) head = Buffer.from([n]);
  else if (n <= 0x3fff) head = Buffer.from([0x40 | (n >> 8), n & 0xff]);
  else {
    head = Buffer.alloc(5);
    head[0] = 0x80;
    head.writeUInt32BE(n, 1);
  }
  return Buffer.concat([head, v]);
}

function encodePrevlen(size: number): Buffer {
  if (size < 254) return Buffer.from([size]);
  const out = Buffer.alloc(5);
  out[0] = 0xfe;
  out.writeUInt32LE(size, 1);
  return out;
}

export function encodeZiplist(values: readonly CompactValue[]): Buffer {
  const entries: Buffer[] = [];
  let previous = 0;
  let offset = 10;
  let tail = 10;
  for (const value of values) {
    const entry = Buffer.concat([encodePrevlen(previous), encodeData(value)]);
    tail = offset;
    offset += entry.length;
    previous = entry.length;
    entries.push(entry);
  }
  const size = offset + 1;
  const head = Buffer.alloc(10);
  head.writeUInt32LE(size, 0);
  head.writeUInt32LE(tail, 4);
  head.writeUInt16LE(Math.min(values.length, 0xffff), 8);
  return Buffer.concat([head, ...entries, Buffer.from([0xff])]);
}
