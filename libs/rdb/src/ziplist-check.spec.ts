// Ziplists as Redis ≤ 6.2 wrote them pass entry by entry; each kind of damage is caught where it is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkZiplist } from './ziplist-check';
import { encodeZiplist } from './ziplist-encode';

const element = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ minLength: 16400, maxLength: 16500 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.integer({ min: 0, max: 12 }),
);

describe('checkZiplist', () => {
  it('accepts every ziplist the encoder builds (1 and 5-byte prevlens, all encodings)', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 30 }), (values) => {
        expect(checkZiplist(encodeZiplist(values))).toEqual({ ok: true, entries: values.length });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a zlbytes header that does not match the blob', () => {
    const zl = encodeZiplist(['a']);
    zl.writeUInt32LE(99, 0);
    expect(checkZiplist(zl)).toMatchObject({
      ok: false,
      at: 0,
      problem: expect.stringMatching(/header says 99 bytes/),
    });
  });

  it('refuses a zltail that does not point at the last entry', () => {
    const zl = encodeZiplist(['a', 'b', 'c']);
    zl.writeUInt32LE(10, 4);
    expect(checkZiplist(zl)).toMatchObject({ ok: false, at: 4, problem: expect.stringMatching(/tail offset is 10/) });
  });

  it('refuses a zllen that does not match the entries, but accepts 65535 (unknown)', () => {
    const zl = encodeZiplist(['a', 'b']);
    zl.writeUInt16LE(3, 8);
    expect(checkZiplist(zl)).toMatchObject({
      ok: false,
      at: 8,
      problem: expect.stringMatching(/counts 3 entries, it holds 2/),
    });
    zl.writeUInt16LE(0xffff, 8);
    expect(checkZiplist(zl)).toEqual({ ok: true, entries: 2 });
  });

  it('refuses a prevlen that does not match the previous entry', () => {
    const zl = encodeZiplist(['aa', 'bb']);
    zl[10 + 4] = 7; // the second entry's prevlen (the first entry is 4 bytes)
    expect(checkZiplist(zl)).toMatchObject({
      ok: false,
      at: 14,
      problem: expect.stringMatching(/says the previous entry has 7 bytes, it has 4/),
    });
  });

  it('refuses an invalid integer encoding', () => {
    const zl = encodeZiplist(['aa']);
    zl[11] = 0xc5;
    expect(checkZiplist(zl)).toMatchObject({
      ok: false,
      at: 11,
      problem: expect.stringMatching(/invalid encoding byte 0xc5/),
    });
  });

  it('refuses pairs whose entry count is odd', () => {
    expect(checkZiplist(encodeZiplist(['member', '1.5', 'orphan']), 2)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/multiple of 2/),
    });
  });
});
