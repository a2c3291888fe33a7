import { describe, expect, it } from 'vitest';
import { normalizeParamKeys, signString, stringToSign } from './signature';

const KEY_A = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA';
const D =
  'POSTcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=1290303896666895346&Region=ap-guangzhou&SecretId=secretIdFoo&SignatureMethod=HmacSHA1&Timestamp=1512393162&Version=2017-03-12';
const G =
  'GETredis.api.qcloud.com/v2/index.php?Action=GetRedisBackupList&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768&beginTime=2017-02-08 16:46:34&endTime=2017-02-08 19:09:26&limit=10&offset=0&redisId=crs-izbob1wh';
const B =
  'GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768';

// Every vector of reference §3.1.
const vectors: Array<{ id: string; key: string; text: string; method: string; signature: string }> = [
  {
    id: 'A',
    key: KEY_A,
    method: 'HmacSHA1',
    signature: 'NSI3UqqD99b/UJb4tbG/xZpRW64=',
    text: 'GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768&instanceIds.0=ins-09dx96dg&limit=20&offset=0',
  },
  { id: 'B', key: KEY_A, method: 'HmacSHA256', text: B, signature: '0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=' },
  {
    id: 'C',
    key: KEY_A,
    method: 'HmacSHA1',
    text: B.replace('HmacSHA256', 'HmacSHA1'),
    signature: 'nPVnY6njQmwQ8ciqbPl5Qe+Oru4=',
  },
  { id: 'D', key: 'secretKeyBar', method: 'HmacSHA1', text: D, signature: 'p3n+pxBqF5JGZtDSxoVn5tGngf0=' },
  {
    id: 'E',
    key: 'secretKeyBar',
    method: 'HmacSHA1',
    text: `GET${D.slice(4)}`,
    signature: '5HAq1BOKNLEE2/uauWnp6Zv9Z3c=',
  },
  {
    id: 'F',
    key: 'secretKeyBar',
    method: 'HmacSHA256',
    text: D.replace('HmacSHA1', 'HmacSHA256'),
    signature: 'B2T37FRSP6Fk0/q/cdfrTE0p3zX5ooB/2BPWZUFpsj4=',
  },
  { id: 'G', key: KEY_A, method: 'HmacSHA1', text: G, signature: 'wOoEdQ81qkb5vcwfNgC+eE4Mysw=' },
  {
    id: 'H',
    key: KEY_A,
    method: 'HmacSHA256',
    text: `POST${G.slice(3)}`.replace('&Timestamp=', '&SignatureMethod=HmacSHA256&Timestamp='),
    signature: '+6UW45kX9aG2GGUuO2822ngVFQ8rUI8XSwa5reEPXiA=',
  },
];

function paramsOf(text: string): Record<string, string> {
  const query = text.slice(text.indexOf('?') + 1);
  return Object.fromEntries(
    query.split('&').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

describe('the v2 signature', () => {
  it.each(vectors)('matches test vector $id', ({ key, text, method, signature }) => {
    expect(signString(text, key, method)).toBe(signature);
  });

  it.each(vectors)('builds the string to sign of vector $id from unsorted params', ({ text }) => {
    const method = text.startsWith('POST') ? 'POST' : 'GET';
    const host = text.slice(method.length, text.indexOf('/'));
    const params = paramsOf(text);
    const shuffled = Object.fromEntries(Object.entries(params).reverse());
    expect(stringToSign(method, host, '/v2/index.php', shuffled)).toBe(text);
  });

  it('sorts upper-case names before lower-case ones, as PHP ksort does', () => {
    expect(stringToSign('GET', 'h', '/p', { beginTime: '1', Timestamp: '2', Action: 'X' })).toBe(
      'GETh/p?Action=X&Timestamp=2&beginTime=1',
    );
  });

  it('replaces every underscore in keys but none in values', () => {
    expect(normalizeParamKeys({ Placement_Zone_Id: 'CN_GUANGZHOU' })).toEqual({ 'Placement.Zone.Id': 'CN_GUANGZHOU' });
  });

  it('signs with HmacSHA1 unless HmacSHA256 is asked for exactly', () => {
    expect(signString('x', 'k', 'hmacsha256')).toBe(signString('x', 'k', 'HmacSHA1'));
    expect(signString('x', 'k', 'HmacSHA256')).not.toBe(signString('x', 'k', 'HmacSHA1'));
  });
});
