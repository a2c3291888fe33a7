// Listpacks as Redis writes them pass entry by entry; each kind of damage is caught where it is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkListpack, listpackInteger } from './listpack-check';
import { encodeListpack } from './listpack-encode';

const element = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ minLength: 4000, maxLength: 4200 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);

function entryOffsets(lp: Uint8Array): number[] {
  const offsets: number[] = [];
  checkListpack(lp, 1, (_bytes, at) => {
    offsets.push(at);
    return undefined;
  });
  return offsets;
}

describe('checkListpack', () => {
  it('accepts every listpack the encoder builds and counts its entries', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 40 }), (values) => {
        expect(checkListpack(encodeListpack(values))).toEqual({ ok: true, entries: values.length });
      }),
    );
  });

  it('reads integers back from every integer encoding and from canonical decimal text', () => {
    const values = [
      0,
      127,
      128,
      -1,
      -4096,
      4095,
      32767,
      -32768,
      8388607,
      -8388608,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 40,
      '12345',
      '-7',
    ];
    const lp = encodeListpack(values);
    expect(entryOffsets(lp).map((at) => listpackInteger(lp, at))).toEqual(values.map(Number));
    expect(listpackInteger(encodeListpack(['007']), 6)).toBeUndefined();
  });

  it('refuses a total-bytes header that does not match the blob', () => {
    const lp = encodeListpack(['a', 'b']);
    lp.writeUInt32LE(lp.length + 1, 0);
    expect(checkListpack(lp)).toMatchObject({ ok: false, at: 0, problem: expect.stringMatching(/header says/) });
  });

  it('refuses a listpack without its terminator', () => {
    const lp = encodeListpack(['a', 'b']);
    lp[lp.length - 1] = 0x00;
    expect(checkListpack(lp)).toMatchObject({ ok: false, problem: expect.stringMatching(/terminator/) });
  });

  it('refuses an element count that does not match the entries', () => {
    const lp = encodeListpack(['a', 'b', 'c']);
    lp.writeUInt16LE(2, 4);
    expect(checkListpack(lp)).toMatchObject({
      ok: false,
      at: 4,
      problem: expect.stringMatching(/counts 2 entries, it holds 3/),
    });
  });

  it('accepts the "count unknown" marker 65535', () => {
    const lp = encodeListpack(['a', 'b', 'c']);
    lp.writeUInt16LE(0xffff, 4);
    expect(checkListpack(lp)).toEqual({ ok: true, entries: 3 });
  });

  it('refuses an entry whose back-length disagrees with its size', () => {
    const lp = encodeListpack(['hello', 'world']);
    lp[6 + 6] = 5; // the first entry is 6 bytes (0x85 + "hello"); its back-length byte follows
    expect(checkListpack(lp)).toMatchObject({
      ok: false,
      at: 12,
      problem: expect.stringMatching(/back-length says 5/),
    });
  });

  it('refuses an invalid encoding byte', () => {
    const lp = encodeListpack(['a', 'b']);
    lp[6] = 0xf5;
    expect(checkListpack(lp)).toMatchObject({
      ok: false,
      at: 6,
      problem: expect.stringMatching(/invalid encoding byte 0xf5/),
    });
  });

  it('refuses an entry that runs past the end', () => {
    const lp = encodeListpack(['ab', 'cd']);
    lp[6 + 4] = 0x80 | 40; // the second entry now claims 40 bytes of text
    expect(checkListpack(lp)).toMatchObject({ ok: false, at: 10, problem: expect.stringMatching(/runs past the end/) });
  });

  it('refuses pairs whose entry count is odd', () => {
    expect(checkListpack(encodeListpack(['field', 'value', 'orphan']), 2)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not a multiple of 2/),
    });
  });
});
