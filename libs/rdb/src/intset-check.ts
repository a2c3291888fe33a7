// Validates an intset as Redis's intsetValidateIntegrity does in deep mode: a 2, 4 or 8-byte encoding, a
// length that matches the blob, at least one member, and members in strictly ascending order.
import { invalid, readUInt32LE, valid, type CompactCheck } from './compact-check';

const HEADER_BYTES = 8;

export function checkIntset(is: Uint8Array): CompactCheck {
  const size = is.length;
  if (size < HEADER_BYTES) return invalid(0, `an intset needs at least 8 bytes, this one has ${size}`);
  const width = readUInt32LE(is, 0);
  if (width !== 2 && width !== 4 && width !== 8) return invalid(0, `the intset encoding ${width} is not 2, 4 or 8`);
  const length = readUInt32LE(is, 4);
  if (HEADER_BYTES + length * width !== size) {
    return invalid(
      4,
      `the intset counts ${length} members of ${width} bytes, the blob holds ${size - HEADER_BYTES} bytes of members`,
    );
  }
  if (length === 0) return invalid(4, `the intset is empty`);
  const view = new DataView(is.buffer, is.byteOffset, size);
  // Compared as (signed high word, unsigned low word) so that 64-bit members need no BigInt.
  let prevHigh = 0;
  let prevLow = 0;
  for (let i = 0; i < length; i++) {
    const at = HEADER_BYTES + i * width;
    let high: number;
    let low: number;
    if (width === 2) {
      const v = view.getInt16(at, true);
      high = v < 0 ? -1 : 0;
      low = v >>> 0;
    } else if (width === 4) {
      const v = view.getInt32(at, true);
      high = v < 0 ? -1 : 0;
      low = v >>> 0;
    } else {
      low = view.getUint32(at, true);
      high = view.getInt32(at + 4, true);
    }
    if (i > 0 && (high < prevHigh || (high === prevHigh && low <= prevLow))) {
      return invalid(at, `intset member ${i} is not greater than the one before it`);
    }
    prevHigh = high;
    prevLow = low;
  }
  return valid(length);
}
