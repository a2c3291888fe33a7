// The result every validator of an inner encoding (listpack, ziplist, intset, zipmap) returns.

/** Either the number of entries found, or where (offset inside the blob) and what is wrong. */
export type CompactCheck = { ok: true; entries: number } | { ok: false; at: number; problem: string };

export function valid(entries: number): CompactCheck {
  return { ok: true, entries };
}

export function invalid(at: number, problem: string): CompactCheck {
  return { ok: false, at, problem };
}

export function readUInt32LE(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

export function readUInt16LE(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

/** Redis's string2ll rule: the canonical decimal form of a signed 64-bit integer ("-0", "007", "+1" are not). */
export function canonicalInteger(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length === 0 || length > 20) return false;
  let i = start;
  if (bytes[i] === 0x2d) {
    i++;
    if (i === end) return false;
  }
  if (bytes[i] === 0x30) return end - i === 1 && i === start; // "0" only; "-0" is not canonical
  for (let j = i; j < end; j++) {
    const c = bytes[j] as number;
    if (c < 0x30 || c > 0x39) return false;
  }
  if (end - i < 19) return true;
  // 19 or 20 digits: compare with the int64 limits as text.
  const digits = Buffer.from(bytes.subarray(i, end)).toString('latin1');
  const limit = i > start ? '9223372036854775808' : '9223372036854775807';
  return digits.length < limit.length || (digits.length === limit.length && digits <= limit);
}
