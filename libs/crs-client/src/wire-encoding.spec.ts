// Flattening action params and encoding them exactly once.
import { describe, expect, it } from 'vitest';
import { encodeWireComponent, encodeWireParams, flattenActionParams } from './wire-encoding';

describe('flattenActionParams', () => {
  it('flattens arrays with 0-based indexes, stringifies values and drops null/undefined', () => {
    expect(
      flattenActionParams({ projectIds: [3, 7], limit: 0, flag: false, redisName: undefined, remark: null }),
    ).toEqual({
      'projectIds.0': '3',
      'projectIds.1': '7',
      limit: '0',
      flag: 'false',
    });
  });
});

describe('encoding on the wire', () => {
  it('encodes the documented examples once', () => {
    expect(encodeWireComponent('NSI3UqqD99b/UJb4tbG/xZpRW64=')).toBe('NSI3UqqD99b%2FUJb4tbG%2FxZpRW64%3D');
    expect(encodeWireComponent('wOoEdQ81qkb5vcwfNgC+eE4Mysw=')).toBe('wOoEdQ81qkb5vcwfNgC%2BeE4Mysw%3D');
    expect(encodeWireComponent('2017-02-08 16:46:34')).toBe('2017-02-08%2016%3A46%3A34');
  });

  it('encodes RFC 3986 reserved characters that encodeURIComponent leaves, and UTF-8', () => {
    expect(encodeWireComponent("a!b'c(d)e*f~g_h.i-j")).toBe('a%21b%27c%28d%29e%2Af~g_h.i-j');
    expect(encodeWireComponent('订单 %')).toBe('%E8%AE%A2%E5%8D%95%20%25');
  });

  it('round-trips through a form/query parser to the exact raw values', () => {
    const values: Array<[string, string]> = [
      ['remark', 'a+b & c=d %41 /?#'],
      ['beginTime', '2017-02-08 16:46:34'],
    ];
    expect([...new URLSearchParams(encodeWireParams(values))]).toEqual(values);
  });
});
