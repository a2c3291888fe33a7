// A stream node's listpack: master entry, same-field and own-field entries, deleted entries, lp-count.
import { describe, expect, it } from 'vitest';
import { encodeListpack } from './listpack-encode';
import { checkStreamListpack } from './stream-listpack-check';
import { encodeStreamListpack, type StreamEntry } from './stream-encode';

const entries: StreamEntry[] = [
  {
    id: [1000, 0],
    fields: [
      ['f', 'v'],
      ['g', 'w'],
    ],
  },
  {
    id: [1000, 1],
    fields: [
      ['f', 'x'],
      ['g', 'y'],
    ],
    deleted: true,
  },
  { id: [1005, 0], fields: [['other', 'z']] },
];

describe('checkStreamListpack', () => {
  it('accepts a node with same-field, own-field and deleted entries', () => {
    expect(checkStreamListpack(encodeStreamListpack(entries))).toMatchObject({ ok: true });
  });

  it('refuses an entry whose lp-count is wrong', () => {
    // master: count 2, deleted 1, 2 fields f g, 0; entry 1: flags, ms, seq, v, w, lp-count
    const values = [2, 1, 2, 'f', 'g', 0, 2, 0, 0, 'v', 'w', 4];
    expect(checkStreamListpack(encodeListpack(values))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/lp-count is 4, the entry has 5/),
    });
  });

  it('refuses a master entry that does not end with 0', () => {
    expect(checkStreamListpack(encodeListpack([1, 0, 1, 'f', 7, 2, 0, 0, 'v', 4]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/master entry does not end with 0/),
    });
  });

  it('refuses entries after the last one the master entry counts', () => {
    const values = [1, 0, 1, 'f', 0, 2, 0, 0, 'v', 4, 2];
    expect(checkStreamListpack(encodeListpack(values))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/after its last one/),
    });
  });

  it('refuses a node that ends before its entries do, and an empty one', () => {
    expect(checkStreamListpack(encodeListpack([2, 0, 1, 'f', 0, 2, 0, 0, 'v', 4]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/ends before/),
    });
    expect(checkStreamListpack(encodeListpack([]))).toMatchObject({
      ok: false,
      problem: 'the stream listpack is empty',
    });
  });

  it('refuses a count that is not an integer', () => {
    expect(checkStreamListpack(encodeListpack(['x', 0, 0, 0]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not an integer/),
    });
  });
});
