// The streaming LZF decoder against the compressor, in any pieces, and on the ways LZF data can be bad.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lzfCompress } from './lzf-compress';
import { LZF_WINDOW_BYTES, LzfStreamDecoder, newLzfState } from './lzf-stream';

function decode(
  compressed: Uint8Array,
  length: number,
  pieces: number[],
  ring = false,
): { out: Uint8Array; problem?: string } {
  const out = new Uint8Array(ring ? LZF_WINDOW_BYTES : length);
  const decoder = new LzfStreamDecoder(newLzfState(compressed.length, length), out, ring);
  let at = 0;
  for (const piece of [...pieces, compressed.length]) {
    const end = Math.min(compressed.length, at + Math.max(1, piece));
    while (at < end) {
      const used = decoder.feed(compressed, at, end);
      if (used < 0) return { out, problem: decoder.problem };
      at += used;
    }
  }
  return { out };
}

/** Text with repeats near and far (up to the 8 KiB window), so back-references of every length occur. */
const compressible = fc
  .array(fc.oneof(fc.constantFrom('redis', 'rdb', 'a', ' ', '0123456789'), fc.string({ maxLength: 5 })), {
    maxLength: 3000,
  })
  .map((parts) => Buffer.from(parts.join(''), 'latin1'));

describe('LzfStreamDecoder', () => {
  it('decompresses what lzfCompress produced, whatever the pieces it is fed in', () => {
    fc.assert(
      fc.property(compressible, fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 20 }), (text, pieces) => {
        const compressed = lzfCompress(text);
        if (!compressed) return;
        const { out, problem } = decode(compressed, text.length, pieces);
        expect(problem).toBeUndefined();
        expect(Buffer.from(out).equals(text)).toBe(true);
      }),
    );
  });

  it('checks a string it does not keep through an 8 KiB window', () => {
    const text = Buffer.from('window '.repeat(5000) + 'end', 'latin1');
    const compressed = lzfCompress(text);
    expect(compressed).toBeDefined();
    const { problem } = decode(compressed as Buffer, text.length, [100, 3000], true);
    expect(problem).toBeUndefined();
  });

  it('refuses data that decompresses to another length than declared', () => {
    const text = Buffer.from('abcabcabcabcabcabcabcabcabc');
    const compressed = lzfCompress(text) as Buffer;
    expect(decode(compressed, text.length + 1, []).problem).toMatch(
      /decompresses to 27 bytes, but the string declares 28/,
    );
    expect(decode(compressed, text.length - 1, []).problem).toMatch(/past the declared length/);
  });

  it('refuses a back-reference before the start of the string', () => {
    // ctrl 0x20: back-reference of 3 bytes, distance (0 << 8) + 5 + 1 = 6, with nothing produced yet.
    expect(decode(Buffer.from([0x20, 0x05]), 3, []).problem).toMatch(/before the start of the string/);
  });

  it('refuses a literal run cut by the end of the compressed data', () => {
    expect(decode(Buffer.from([0x04, 0x61, 0x62]), 5, []).problem).toMatch(/cut by the end of the data/);
  });
});
