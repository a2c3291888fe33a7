// Builds an intset (sorted, deduplicated, in the narrowest of 2, 4 or 8 bytes) as Redis stores small
// integer sets, for the generator and for test fixtures.

export function encodeIntset(members: readonly (number | bigint)[]): Buffer {
  const sorted = [...new Set(members.map((m) => BigInt(m)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const fits = (bits: bigint): boolean => sorted.every((m) => m >= -(1n << (bits - 1n)) && m < 1n << (bits - 1n));
  const width = fits(16n) ? 2 : fits(32n) ? 4 : 8;
  const out = Buffer.alloc(8 + sorted.length * width);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(sorted.length, 4);
  sorted.forEach((m, i) => {
    const at = 8 + i * width;
    if (width === 2) out.writeInt16LE(Number(m), at);
    else if (width === 4) out.writeInt32LE(Number(m), at);
    else out.writeBigInt64LE(m, at);
  });
  return out;
}
