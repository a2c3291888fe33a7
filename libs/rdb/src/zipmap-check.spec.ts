// Zipmaps (Redis ≤ 2.4 hashes) pass with short and long lengths; a bad count or a cut zipmap does not.
import { describe, expect, it } from 'vitest';
import { checkZipmap } from './zipmap-check';
import { encodeZipmap } from './zipmap-encode';

describe('checkZipmap', () => {
  it('accepts pairs with 1-byte and 5-byte lengths and counts fields and values', () => {
    const zipmap = encodeZipmap([
      ['name', 'ann'],
      ['bio', 'x'.repeat(300)],
    ]);
    expect(checkZipmap(zipmap)).toEqual({ ok: true, entries: 4 });
  });

  it('accepts the "count unknown" header 254', () => {
    const zipmap = encodeZipmap([['a', 'b']]);
    zipmap[0] = 254;
    expect(checkZipmap(zipmap)).toEqual({ ok: true, entries: 2 });
  });

  it('refuses a count that does not match, an empty zipmap and a zipmap cut short', () => {
    const zipmap = encodeZipmap([['a', 'b']]);
    zipmap[0] = 3;
    expect(checkZipmap(zipmap)).toMatchObject({ ok: false, at: 0, problem: expect.stringMatching(/counts 3 pairs/) });
    expect(checkZipmap(Buffer.from([0, 255]))).toMatchObject({ ok: false, problem: 'the zipmap is empty' });
    const cut = Buffer.concat([encodeZipmap([['field', 'value']]).subarray(0, 6), Buffer.from([255])]);
    expect(checkZipmap(cut)).toMatchObject({ ok: false });
  });
});
