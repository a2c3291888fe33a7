// Validates a listpack entry by entry, as Redis's lpValidateIntegrity does in deep mode: total-bytes and
// count headers, each entry's encoding, length and back-length, the 0xFF terminator, and the tuple shape.
import { canonicalInteger, invalid, readUInt16LE, readUInt32LE, valid, type CompactCheck } from './compact-check';

const HEADER_BYTES = 6;
const COUNT_UNKNOWN = 0xffff;
const EOF = 0xff;

/** Called for each entry with its offset and the size of encoding + data (without the back-length). */
export type ListpackVisitor = (lp: Uint8Array, at: number, size: number) => string | undefined;

/** Bytes the back-length of an entry of `size` bytes takes (lpEncodeBacklen). */
export function backlenBytes(size: number): number {
  if (size <= 127) return 1;
  if (size < 16383) return 2;
  if (size < 2097151) return 3;
  if (size < 268435455) return 4;
  return 5;
}

/** Size of encoding + data of the entry at `at`, or 0 for an invalid encoding; -1 if its header is cut. */
function entrySize(lp: Uint8Array, at: number, last: number): number {
  const e = lp[at] as number;
  if ((e & 0x80) === 0) return 1;
  if ((e & 0xc0) === 0x80) return 1 + (e & 0x3f);
  if ((e & 0xe0) === 0xc0) return 2;
  if ((e & 0xf0) === 0xe0) {
    if (at + 1 > last) return -1;
    return 2 + (((e & 0x0f) << 8) | (lp[at + 1] as number));
  }
  switch (e) {
    case 0xf0:
      if (at + 4 > last) return -1;
      return 5 + readUInt32LE(lp, at + 1);
    case 0xf1:
      return 3;
    case 0xf2:
      return 4;
    case 0xf3:
      return 5;
    case 0xf4:
      return 9;
    default:
      return 0;
  }
}

/** Reads the back-length that ends at `end` (inclusive), backwards; -1 if it takes more than 5 bytes. */
function decodeBacklen(lp: Uint8Array, end: number): number {
  let value = 0;
  let shift = 0;
  for (let p = end; ; p--) {
    const b = lp[p] as number;
    value += (b & 127) * 2 ** shift;
    if ((b & 128) === 0) return value;
    shift += 7;
    if (shift > 28) return -1;
  }
}

/**
 * Walks every entry of a listpack and checks it; `tuple` is how many entries make one element (2 for a
 * hash's field and value), so the entry count must be a multiple of it.
 */
export function checkListpack(lp: Uint8Array, tuple = 1, visit?: ListpackVisitor): CompactCheck {
  const size = lp.length;
  if (size < HEADER_BYTES + 1) return invalid(0, `a listpack needs at least 7 bytes, this one has ${size}`);
  const declared = readUInt32LE(lp, 0);
  if (declared !== size) return invalid(0, `the listpack header says ${declared} bytes, the blob holds ${size}`);
  const last = size - 1;
  if (lp[last] !== EOF) return invalid(last, `the listpack does not end with the 0xff terminator`);
  const numele = readUInt16LE(lp, 4);
  let count = 0;
  let p = HEADER_BYTES;
  while (lp[p] !== EOF) {
    const entry = entrySize(lp, p, last);
    if (entry === 0)
      return invalid(p, `listpack entry ${count} has the invalid encoding byte 0x${(lp[p] as number).toString(16)}`);
    if (entry < 0) return invalid(p, `listpack entry ${count} has its length cut by the end of the listpack`);
    const backlen = backlenBytes(entry);
    const next = p + entry + backlen;
    if (next > last)
      return invalid(p, `listpack entry ${count} (${entry + backlen} bytes) runs past the end of the listpack`);
    const recorded = decodeBacklen(lp, next - 1);
    if (recorded !== entry) {
      return invalid(next - 1, `listpack entry ${count} is ${entry} bytes but its back-length says ${recorded}`);
    }
    if (visit) {
      const problem = visit(lp, p, entry);
      if (problem !== undefined) return invalid(p, `listpack entry ${count}: ${problem}`);
    }
    count++;
    p = next;
  }
  if (p !== last) return invalid(p, `the listpack terminator is at byte ${p} of ${size}`);
  if (numele !== COUNT_UNKNOWN && numele !== count) {
    return invalid(4, `the listpack header counts ${numele} entries, it holds ${count}`);
  }
  if (count % tuple !== 0) return invalid(4, `the listpack holds ${count} entries, not a multiple of ${tuple}`);
  return valid(count);
}

/** The integer an entry holds (an integer encoding or a canonical decimal string), or undefined. */
export function listpackInteger(lp: Uint8Array, at: number): number | undefined {
  const e = lp[at] as number;
  if ((e & 0x80) === 0) return e;
  if ((e & 0xc0) === 0x80) {
    const length = e & 0x3f;
    return parseCanonical(lp, at + 1, at + 1 + length);
  }
  if ((e & 0xe0) === 0xc0) {
    const v = ((e & 0x1f) << 8) | (lp[at + 1] as number);
    return v >= 4096 ? v - 8192 : v;
  }
  if ((e & 0xf0) === 0xe0) {
    const length = ((e & 0x0f) << 8) | (lp[at + 1] as number);
    return parseCanonical(lp, at + 2, at + 2 + length);
  }
  const view = new DataView(lp.buffer, lp.byteOffset + at + 1);
  switch (e) {
    case 0xf0:
      return parseCanonical(lp, at + 5, at + 5 + readUInt32LE(lp, at + 1));
    case 0xf1:
      return view.getInt16(0, true);
    case 0xf2: {
      const v = (lp[at + 1] as number) | ((lp[at + 2] as number) << 8) | ((lp[at + 3] as number) << 16);
      return v >= 0x800000 ? v - 0x1000000 : v;
    }
    case 0xf3:
      return view.getInt32(0, true);
    case 0xf4:
      return Number(view.getBigInt64(0, true));
    default:
      return undefined;
  }
}

function parseCanonical(lp: Uint8Array, start: number, end: number): number | undefined {
  if (!canonicalInteger(lp, start, end)) return undefined;
  return Number(Buffer.from(lp.subarray(start, end)).toString('latin1'));
}
