// Reads an RDB string header (raw length, 8/16/32-bit integer, or LZF lengths) straight from a chunk,
// without state: the walker's fast path uses it when a whole item lies in the chunk at hand.

export const STRING_RAW = 0;
export const STRING_INT = 1;
export const STRING_LZF = 2;

/** The result of a scan; one object is reused for every scan to keep the fast path allocation-free. */
export interface StringScan {
  kind: number;
  /** Offset of the payload (raw bytes, integer bytes, or compressed bytes). */
  start: number;
  /** Offset after the payload. */
  end: number;
  /** Raw and LZF: the (uncompressed) length; integer: 1, 2 or 4 (the width). */
  len: number;
}

/** A plain RDB length at p: sets scan.len and returns the offset after it, or -1 (cut, or not plain). */
function plainLength(buf: Uint8Array, p: number, limit: number, scan: StringScan): number {
  if (p >= limit) return -1;
  const first = buf[p] as number;
  const kind = first >> 6;
  if (kind === 0) {
    scan.len = first;
    return p + 1;
  }
  if (kind === 1) {
    if (p + 2 > limit) return -1;
    scan.len = ((first & 0x3f) << 8) | (buf[p + 1] as number);
    return p + 2;
  }
  if (first === 0x80) {
    if (p + 5 > limit) return -1;
    scan.len =
      (((buf[p + 1] as number) << 24) |
        ((buf[p + 2] as number) << 16) |
        ((buf[p + 3] as number) << 8) |
        (buf[p + 4] as number)) >>>
      0;
    return p + 5;
  }
  return -1; // 64-bit lengths and special encodings: left to the slow path
}

/**
 * Scans the string at p. Returns false if it does not lie whole in [p, limit) or is anything unusual
 * (the slow path then reads it and reports what is wrong, if anything).
 */
export function scanString(buf: Uint8Array, p: number, limit: number, scan: StringScan): boolean {
  if (p >= limit) return false;
  const first = buf[p] as number;
  if (first >> 6 === 3) {
    const enc = first & 0x3f;
    if (enc <= 2) {
      const width = 1 << enc;
      if (p + 1 + width > limit) return false;
      scan.kind = STRING_INT;
      scan.start = p + 1;
      scan.end = p + 1 + width;
      scan.len = width;
      return true;
    }
    if (enc !== 3) return false;
    let q = plainLength(buf, p + 1, limit, scan);
    if (q < 0 || scan.len === 0) return false;
    const compressed = scan.len;
    q = plainLength(buf, q, limit, scan);
    if (q < 0 || scan.len === 0 || q + compressed > limit) return false;
    scan.kind = STRING_LZF;
    scan.start = q;
    scan.end = q + compressed;
    return true;
  }
  const q = plainLength(buf, p, limit, scan);
  if (q < 0 || q + scan.len > limit) return false;
  scan.kind = STRING_RAW;
  scan.start = q;
  scan.end = q + scan.len;
  return true;
}

/** The value of an integer-encoded string whose `width` bytes start at `at`. */
export function integerAt(buf: Uint8Array, at: number, width: number): number {
  if (width === 1) return ((buf[at] as number) << 24) >> 24;
  if (width === 2) return (((buf[at] as number) | ((buf[at + 1] as number) << 8)) << 16) >> 16;
  return (
    (buf[at] as number) |
    ((buf[at + 1] as number) << 8) |
    ((buf[at + 2] as number) << 16) |
    ((buf[at + 3] as number) << 24)
  );
}
