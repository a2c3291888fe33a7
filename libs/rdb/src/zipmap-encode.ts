// Builds a zipmap, the hash encoding of Redis ≤ 2.4 that loaders still convert; only test fixtures use it,
// since no RDB version the generator writes (6 and later) stores hashes this way.

function encodeZipmapLength(n: number): Buffer {
  if (n < 254) return Buffer.from([n]);
  const out = Buffer.alloc(5);
  out[0] = 254;
  out.writeUInt32LE(n, 1);
  return out;
}

export function encodeZipmap(pairs: ReadonlyArray<readonly [string, string]>): Buffer {
  const parts: Buffer[] = [Buffer.from([Math.min(pairs.length, 254)])];
  for (const [field, value] of pairs) {
    const f = Buffer.from(field, 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(encodeZipmapLength(f.length), f, encodeZipmapLength(v.length), Buffer.from([0]), v);
  }
  parts.push(Buffer.from([255]));
  return Buffer.concat(parts);
}
