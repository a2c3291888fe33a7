// The TC3-HMAC-SHA256 verifier against the vectors of crs-v3-api.md §4.4 (A0: Tencent's published CVM
// example; B1-B6: made by Tencent's Node SDK), at a pinned clock, and what it refuses.
import { describe, expect, it } from 'vitest';
import { canonicalRequest, verifyTc3, type Tc3Request } from '../src';

const ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA';
const KEY = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA';
const HOST = 'redis.tencentcloudapi.com';

interface Vector {
  name: string;
  method: 'POST' | 'GET';
  timestamp: number;
  body: string;
  query: string;
  authorization: string;
  token?: string;
}

const auth = (date: string, signature: string): string =>
  `TC3-HMAC-SHA256 Credential=${ID}/${date}/redis/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;

const VECTORS: Vector[] = [
  {
    name: 'B1 DescribeInstanceBackups POST',
    method: 'POST',
    timestamp: 1700000000,
    body: '{"InstanceId":"crs-5a4py64p","Limit":100,"Offset":0,"Status":[2]}',
    query: '',
    authorization: auth('2023-11-14', '43e2d54ae854b47515179009a3ce6aef25ab5ad040099796a3e417d3bb61c3da'),
  },
  {
    name: 'B2 DescribeBackupUrl POST at 23:59:59 UTC',
    method: 'POST',
    timestamp: 1704067199,
    body: '{"InstanceId":"crs-4y9t57vt","BackupId":"678362566696298532848117","LimitType":"NoLimit"}',
    query: '',
    authorization: auth('2023-12-31', '6316bac994b14c4c8109709f1557439d7f7ad88005fc761c8a2c485d70ffa8d8'),
  },
  {
    name: 'B3 DescribeTaskInfo GET',
    method: 'GET',
    timestamp: 1704067200,
    body: '',
    query: 'TaskId=6954227',
    authorization: auth('2024-01-01', '8bc95c5b1d9e7812a7b090d662b5d2a3e5e7604e65e8d65bd1d3c632b79a76c2'),
  },
  {
    name: 'B4 DescribeBackupDownloadRestriction POST with a token',
    method: 'POST',
    timestamp: 1735689600,
    body: '{}',
    query: '',
    authorization: auth('2025-01-01', 'e16c9d2ec7f6f153f4bd44b5cb9ffa6648f6808bb0833337f874dce2f67f4209'),
    token: 'tmp-session-token-xyz',
  },
  {
    name: 'B5 ManualBackupInstance POST with a UTF-8 body',
    method: 'POST',
    timestamp: 1710000000,
    body: '{"InstanceId":"crs-5a4py64p","Remark":"手动备份 before export","StorageDays":7}',
    query: '',
    authorization: auth('2024-03-09', '300db0657b7a52ed7739282a4d0caf06941d0bf8a7168f0e52bad72266607c87'),
  },
  {
    name: 'B6 DescribeInstances GET with flattened arrays',
    method: 'GET',
    timestamp: 1720000000,
    body: '',
    query: 'Limit=1000&Offset=0&InstanceIds.0=crs-a&InstanceIds.1=crs-b&Status.0=2',
    authorization: auth('2024-07-03', 'f2745302c43ce3bf1bfb59e2ffbac72731d15934ab42cdeec037c5c19ca2b063'),
  },
];

function requestOf(vector: Vector, changes: Partial<Record<string, string>> = {}): Tc3Request {
  return {
    method: vector.method,
    path: '/',
    query: vector.query,
    headers: {
      'content-type': vector.method === 'GET' ? 'application/x-www-form-urlencoded' : 'application/json',
      host: HOST,
      'x-tc-timestamp': String(vector.timestamp),
      'x-tc-action': 'Whatever',
      authorization: vector.authorization,
      ...(vector.token ? { 'x-tc-token': vector.token } : {}),
      ...changes,
    },
    body: Buffer.from(vector.body, 'utf8'),
  };
}

function verify(request: Tc3Request, vector: Vector, options: { nowSeconds?: number; token?: string } = {}) {
  const token = options.token ?? vector.token;
  return verifyTc3(request, {
    service: 'redis',
    now: (options.nowSeconds ?? vector.timestamp) * 1000,
    credentialOf: (secretId) => (secretId === ID ? { secretKey: KEY, ...(token ? { token } : {}) } : undefined),
  });
}

const B1 = VECTORS[0] as Vector;

describe('TC3-HMAC-SHA256 verification', () => {
  it("accepts Tencent's published example A0 (service cvm, a charset in Content-Type, \\u escapes in the body)", () => {
    const request: Tc3Request = {
      method: 'POST',
      path: '/',
      query: '',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        host: 'cvm.tencentcloudapi.com',
        'x-tc-timestamp': '1551113065',
        authorization:
          'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
      },
      body: Buffer.from('{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'),
    };
    expect(
      verifyTc3(request, {
        service: 'cvm',
        now: 1551113065_000,
        credentialOf: () => ({ secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******' }),
      }),
    ).toEqual({ ok: true, secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******', timestamp: 1551113065 });
  });

  it.each(VECTORS)('accepts $name', (vector) => {
    expect(verify(requestOf(vector), vector)).toEqual({ ok: true, secretId: ID, timestamp: vector.timestamp });
  });

  it('builds the canonical request of B1 exactly as the reference spells it out', () => {
    expect(canonicalRequest(requestOf(B1), ['content-type', 'host'])).toBe(
      'POST\n/\n\ncontent-type:application/json\nhost:redis.tencentcloudapi.com\n\ncontent-type;host\nf7f19a36a5de29e81b10f021a42a7df9b9d74b296c756bcaf3ec6b3ee50cad86',
    );
  });

  it('refuses one changed body byte, another host, another query or another method', () => {
    const tampered = { ...requestOf(B1), body: Buffer.from(B1.body.replace('100', '101')) };
    expect(verify(tampered, B1)).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
    expect(verify(requestOf(B1, { host: 'redis.ap-shanghai.tencentcloudapi.com' }), B1)).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
    const b6 = VECTORS[5] as Vector;
    expect(verify({ ...requestOf(b6), query: b6.query.replace('Status.0=2', 'Status.0=1') }, b6)).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
    expect(verify({ ...requestOf(b6), method: 'POST' }, b6)).toMatchObject({ code: 'AuthFailure.SignatureFailure' });
  });

  it('rebuilds the canonical headers from the received values: trimmed, but a changed value fails', () => {
    expect(verify(requestOf(B1, { 'content-type': '  application/json ' }), B1)).toMatchObject({ ok: true });
    expect(verify(requestOf(B1, { 'content-type': 'application/json; charset=utf-8' }), B1)).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('needs content-type and host among the signed headers, and every signed header sent', () => {
    const onlyHost = B1.authorization.replace('SignedHeaders=content-type;host', 'SignedHeaders=host');
    expect(verify(requestOf(B1, { authorization: onlyHost }), B1)).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
      message: expect.stringContaining('content-type'),
    });
    const extra = B1.authorization.replace(
      'SignedHeaders=content-type;host',
      'SignedHeaders=content-type;host;x-tc-action',
    );
    expect(verify({ ...requestOf(B1, { authorization: extra }) }, B1)).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('checks the credential scope: the UTC date of X-TC-Timestamp and the service redis', () => {
    const b2 = VECTORS[1] as Vector;
    // 23:59:59 UTC on Dec 31 is already Jan 1 in Beijing: the scope date is the UTC one.
    const beijingDate = b2.authorization.replace('2023-12-31', '2024-01-01');
    expect(verify(requestOf(b2, { authorization: beijingDate }), b2)).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
      message: expect.stringContaining('2023-12-31/redis/tc3_request'),
    });
    const cvm = B1.authorization.replace('/redis/', '/cvm/');
    expect(verify(requestOf(B1, { authorization: cvm }), B1)).toMatchObject({ code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses a timestamp more than 5 minutes away with SignatureExpire, and accepts one just inside', () => {
    expect(verify(requestOf(B1), B1, { nowSeconds: B1.timestamp + 300 })).toMatchObject({ ok: true });
    expect(verify(requestOf(B1), B1, { nowSeconds: B1.timestamp - 300 })).toMatchObject({ ok: true });
    expect(verify(requestOf(B1), B1, { nowSeconds: B1.timestamp + 301 })).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    expect(verify(requestOf(B1), B1, { nowSeconds: B1.timestamp + 360 })).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
  });

  it('names an unknown SecretId, a malformed Authorization and a missing timestamp', () => {
    expect(verify(requestOf(B1, { authorization: B1.authorization.replace(ID, 'AKIDnobody') }), B1)).toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
    });
    expect(verify(requestOf(B1, { authorization: 'Bearer abc' }), B1)).toMatchObject({
      code: 'AuthFailure.InvalidAuthorization',
    });
    expect(
      verify(requestOf(B1, { authorization: B1.authorization.replace('TC3-HMAC-SHA256', 'HMAC-SHA1') }), B1),
    ).toMatchObject({ code: 'AuthFailure.InvalidAuthorization' });
    const { authorization: _a, ...withoutAuth } = requestOf(B1).headers;
    expect(verify({ ...requestOf(B1), headers: withoutAuth }, B1)).toMatchObject({
      code: 'AuthFailure.InvalidAuthorization',
    });
    const { 'x-tc-timestamp': _t, ...withoutTimestamp } = requestOf(B1).headers;
    expect(verify({ ...requestOf(B1), headers: withoutTimestamp }, B1)).toMatchObject({ code: 'MissingParameter' });
  });

  it("checks a temporary credential's token (X-TC-Token is not signed)", () => {
    const b4 = VECTORS[3] as Vector;
    expect(verify(requestOf(b4, { 'x-tc-token': 'another-token' }), b4)).toMatchObject({
      code: 'AuthFailure.TokenFailure',
    });
    const { 'x-tc-token': _token, ...withoutToken } = requestOf(b4).headers;
    expect(verify({ ...requestOf(b4), headers: withoutToken }, b4)).toMatchObject({ code: 'AuthFailure.TokenFailure' });
    // A permanent key with a token it does not have.
    expect(verify(requestOf(B1, { 'x-tc-token': 'stray' }), B1)).toMatchObject({ code: 'AuthFailure.TokenFailure' });
  });
});
