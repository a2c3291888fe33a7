// Intsets of each width pass; an unsorted, duplicated, empty or mis-sized intset does not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIntset } from './intset-check';
import { encodeIntset } from './intset-encode';

describe('checkIntset', () => {
  it('accepts intsets of 16, 32 and 64-bit members', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 50 }),
        (members) => {
          const intset = encodeIntset(members);
          expect(checkIntset(intset)).toEqual({ ok: true, entries: new Set(members).size });
        },
      ),
    );
    expect(encodeIntset([1, 2]).readUInt32LE(0)).toBe(2);
    expect(encodeIntset([1, 70000]).readUInt32LE(0)).toBe(4);
    expect(encodeIntset([1, 2n ** 40n]).readUInt32LE(0)).toBe(8);
  });

  it('refuses members out of order or repeated', () => {
    const intset = encodeIntset([1, 2, 3]);
    intset.writeInt16LE(1, 10); // [1, 1, 3]
    expect(checkIntset(intset)).toMatchObject({ ok: false, at: 10, problem: expect.stringMatching(/not greater/) });
    const wide = encodeIntset([-(2n ** 40n), 2n ** 40n]);
    wide.writeBigInt64LE(-(2n ** 41n), 16);
    expect(checkIntset(wide)).toMatchObject({ ok: false, at: 16 });
  });

  it('refuses an empty intset, a bad width and a length that does not match', () => {
    const empty = Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]);
    expect(checkIntset(empty)).toMatchObject({ ok: false, problem: 'the intset is empty' });
    const intset = encodeIntset([5, 6]);
    intset.writeUInt32LE(3, 0);
    expect(checkIntset(intset)).toMatchObject({ ok: false, at: 0, problem: expect.stringMatching(/encoding 3/) });
    expect(checkIntset(encodeIntset([5, 6]).subarray(0, 11))).toMatchObject({ ok: false, at: 4 });
  });
});
