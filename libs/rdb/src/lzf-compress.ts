// A small LZF compressor (greedy, one hash slot per 3-byte prefix) producing what Redis's lzf_decompress
// reads; the generator uses it for the compressed strings and quicklist nodes of its sample keys.

const HASH_BITS = 14;
const MAX_LITERAL = 32;
const MAX_OFFSET = 8191;
const MAX_MATCH = 264;

/** The LZF form of `input`, or undefined when it would not be smaller (Redis then stores the raw string). */
export function lzfCompress(input: Uint8Array): Buffer | undefined {
  const n = input.length;
  if (n === 0) return undefined;
  const out = Buffer.allocUnsafe(n + Math.ceil(n / MAX_LITERAL) + 1);
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let op = 0;
  let literalStart = 0;
  let ip = 0;

  const flushLiterals = (upTo: number): void => {
    while (literalStart < upTo) {
      const run = Math.min(MAX_LITERAL, upTo - literalStart);
      out[op++] = run - 1;
      out.set(input.subarray(literalStart, literalStart + run), op);
      op += run;
      literalStart += run;
    }
  };

  while (ip < n) {
    if (ip + 2 < n) {
      const a = input[ip] as number;
      const b = input[ip + 1] as number;
      const c = input[ip + 2] as number;
      const h = (((a << 16) | (b << 8) | c) * 2654435761) >>> (32 - HASH_BITS);
      const ref = table[h] as number;
      table[h] = ip;
      const offset = ip - ref - 1;
      if (ref >= 0 && offset <= MAX_OFFSET && input[ref] === a && input[ref + 1] === b && input[ref + 2] === c) {
        const limit = Math.min(MAX_MATCH, n - ip);
        let length = 3;
        while (length < limit && input[ref + length] === input[ip + length]) length++;
        flushLiterals(ip);
        const l = length - 2;
        if (l < 7) {
          out[op++] = (offset >> 8) | (l << 5);
        } else {
          out[op++] = (offset >> 8) | (7 << 5);
          out[op++] = l - 7;
        }
        out[op++] = offset & 0xff;
        ip += length;
        literalStart = ip;
        continue;
      }
    }
    ip++;
  }
  flushLiterals(n);
  return op < n ? Buffer.from(out.subarray(0, op)) : undefined;
}
