// Validates a ziplist entry by entry, as Redis's ziplistValidateIntegrity does in deep mode: zlbytes,
// zltail and zllen headers, each entry's prevlen and encoding, the 0xFF terminator, and the tuple shape.
import { invalid, readUInt16LE, readUInt32LE, valid, type CompactCheck } from './compact-check';

const HEADER_BYTES = 10;
const COUNT_UNKNOWN = 0xffff;
const END = 0xff;

/** Bytes of data after the encoding byte(s) of an integer entry, or -1 for no valid integer encoding. */
function integerBytes(encoding: number): number {
  switch (encoding) {
    case 0xc0:
      return 2;
    case 0xd0:
      return 4;
    case 0xe0:
      return 8;
    case 0xf0:
      return 3;
    case 0xfe:
      return 1;
    default:
      // 0xf1..0xfd: a 4-bit immediate between 0 and 12, no data bytes.
      return encoding >= 0xf1 && encoding <= 0xfd ? 0 : -1;
  }
}

/** Walks every entry of a ziplist; `tuple` 2 for the field/value or member/score pairs of hashes and zsets. */
export function checkZiplist(zl: Uint8Array, tuple = 1): CompactCheck {
  const size = zl.length;
  if (size < HEADER_BYTES + 1) return invalid(0, `a ziplist needs at least 11 bytes, this one has ${size}`);
  const declared = readUInt32LE(zl, 0);
  if (declared !== size) return invalid(0, `the ziplist header says ${declared} bytes, the blob holds ${size}`);
  const last = size - 1;
  if (zl[last] !== END) return invalid(last, `the ziplist does not end with the 0xff terminator`);
  const tail = readUInt32LE(zl, 4);
  if (tail > last) return invalid(4, `the ziplist tail offset ${tail} is outside its ${size} bytes`);
  const zllen = readUInt16LE(zl, 8);

  let count = 0;
  let p = HEADER_BYTES;
  let previousSize = 0;
  let previousStart = -1;
  while (zl[p] !== END) {
    let prevlenBytes = 1;
    let prevlen = zl[p] as number;
    if (prevlen === 0xfe) {
      prevlenBytes = 5;
      if (p + 4 > last) return invalid(p, `ziplist entry ${count} has its prevlen cut by the end of the ziplist`);
      prevlen = readUInt32LE(zl, p + 1);
    }
    const q = p + prevlenBytes;
    if (q > last) return invalid(p, `ziplist entry ${count} has no encoding byte before the end`);
    const e = zl[q] as number;
    let lengthBytes: number;
    let dataBytes: number;
    if (e < 0xc0) {
      const kind = e >> 6;
      lengthBytes = kind === 0 ? 1 : kind === 1 ? 2 : 5;
      if (q + lengthBytes - 1 > last) return invalid(q, `ziplist entry ${count} has its length cut by the end`);
      if (kind === 0) dataBytes = e & 0x3f;
      else if (kind === 1) dataBytes = ((e & 0x3f) << 8) | (zl[q + 1] as number);
      else
        dataBytes =
          (((zl[q + 1] as number) << 24) |
            ((zl[q + 2] as number) << 16) |
            ((zl[q + 3] as number) << 8) |
            (zl[q + 4] as number)) >>>
          0;
    } else {
      lengthBytes = 1;
      dataBytes = integerBytes(e);
      if (dataBytes < 0) return invalid(q, `ziplist entry ${count} has the invalid encoding byte 0x${e.toString(16)}`);
    }
    const entryBytes = prevlenBytes + lengthBytes + dataBytes;
    if (p + entryBytes > last)
      return invalid(p, `ziplist entry ${count} (${entryBytes} bytes) runs past the end of the ziplist`);
    if (prevlen !== previousSize) {
      return invalid(p, `ziplist entry ${count} says the previous entry has ${prevlen} bytes, it has ${previousSize}`);
    }
    previousSize = entryBytes;
    previousStart = p;
    p += entryBytes;
    count++;
  }
  if (p !== last) return invalid(p, `the ziplist terminator is at byte ${p} of ${size}`);
  if (previousStart >= 0 && previousStart !== tail) {
    return invalid(4, `the ziplist tail offset is ${tail}, the last entry starts at ${previousStart}`);
  }
  if (zllen !== COUNT_UNKNOWN && zllen !== count)
    return invalid(8, `the ziplist header counts ${zllen} entries, it holds ${count}`);
  if (count % tuple !== 0) return invalid(8, `the ziplist holds ${count} entries, not a multiple of ${tuple}`);
  return valid(count);
}
