// The v2 signature check: both HMACs, GET and POST, and each way a request is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCrsSimulator, type CrsSimulator } from '../src';
import { call, send, signed } from './sim-call';

let sim: CrsSimulator;
beforeAll(async () => {
  sim = await startCrsSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('signature check', () => {
  for (const method of ['GET', 'POST'] as const) {
    for (const signatureMethod of ['HmacSHA256', 'HmacSHA1'] as const) {
      it(`accepts a ${method} request signed with ${signatureMethod}`, async () => {
        const { status, body } = await call(
          sim,
          'DescribeRedis',
          { limit: 10, offset: 0 },
          { method, signatureMethod },
        );
        expect(status).toBe(200);
        expect(body).toMatchObject({ code: 0, message: '', codeDesc: 'Success', totalCount: 3 });
      });
    }
  }

  it('uses HmacSHA1 when SignatureMethod is absent or anything but exactly HmacSHA256', async () => {
    expect((await call(sim, 'DescribeRedis')).body.code).toBe(0);
    const lowercase = await call(sim, 'DescribeRedis', { SignatureMethod: 'hmacsha256' });
    expect(lowercase.body.code).toBe(0);
  });

  it('signs the method: a GET signature sent as POST is refused with 4100', async () => {
    const params = signed(sim, 'DescribeRedis', {}, { method: 'GET' });
    expect((await send(sim, params, 'POST')).body).toMatchObject({ code: 4100, codeDesc: 'AuthFailure' });
  });

  it('signs the Host header with its port: a signature for another host is refused with 4100', async () => {
    const host = new URL(sim.url).hostname;
    expect((await call(sim, 'DescribeRedis', {}, { signHost: host })).body.code).toBe(4100);
    expect((await call(sim, 'DescribeRedis', {}, { signHost: `localhost:${sim.port}` })).body.code).toBe(4100);
  });

  it('refuses a tampered signature or a tampered parameter with 4100', async () => {
    const badSig = await call(
      sim,
      'DescribeRedis',
      {},
      { tamper: (p) => (p['Signature'] = `x${(p['Signature'] ?? '').slice(1)}`) },
    );
    expect(badSig.body.code).toBe(4100);
    const badParam = await call(sim, 'DescribeRedis', { limit: 10 }, { tamper: (p) => (p['limit'] = '11') });
    expect(badParam.body.code).toBe(4100);
  });

  it('refuses a wrong secret key with 4100 and an unknown SecretId with 4104', async () => {
    expect((await call(sim, 'DescribeRedis', {}, { secretKey: 'wrong' })).body.code).toBe(4100);
    expect((await call(sim, 'DescribeRedis', {}, { secretId: 'AKIDunknown' })).body).toMatchObject({
      code: 4104,
      codeDesc: 'SecretIdNotFound',
    });
  });

  it('refuses a Timestamp more than 2 hours off with 4500, either way', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call(sim, 'DescribeRedis', {}, { timestamp: now - 7201 })).body).toMatchObject({
      code: 4500,
      codeDesc: 'ReplayAttack',
    });
    expect((await call(sim, 'DescribeRedis', {}, { timestamp: now + 7300 })).body.code).toBe(4500);
    expect((await call(sim, 'DescribeRedis', {}, { timestamp: now - 7000 })).body.code).toBe(0);
  });

  it('refuses a replayed nonce with 4500, also in a freshly signed request', async () => {
    const params = signed(sim, 'DescribeRedis', {}, { nonce: 4242 });
    expect((await send(sim, params)).body.code).toBe(0);
    expect((await send(sim, params)).body).toMatchObject({
      code: 4500,
      message: expect.stringContaining('Nonce 4242'),
    });
    expect((await call(sim, 'DescribeRedis', {}, { nonce: 4242 })).body.code).toBe(4500);
  });

  it('takes a configurable timestamp window', async () => {
    const strict = await startCrsSimulator({ timestampWindowMs: 60_000 });
    try {
      const now = Math.floor(Date.now() / 1000);
      expect((await call(strict, 'DescribeRedis', {}, { timestamp: now - 120 })).body.code).toBe(4500);
      expect((await call(strict, 'DescribeRedis', {}, { timestamp: now - 30 })).body.code).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it.each(['Action', 'SecretId', 'Timestamp', 'Nonce', 'Signature'])(
    'answers 4000 when %s is missing',
    async (name) => {
      const { body } = await call(sim, 'DescribeRedis', {}, { tamper: (p) => delete p[name] });
      expect(body).toMatchObject({
        code: 4000,
        codeDesc: 'InvalidParameter',
        message: expect.stringContaining(`(${name})`),
      });
    },
  );

  it('answers 4000 for a malformed Timestamp or Nonce', async () => {
    expect((await call(sim, 'DescribeRedis', {}, { tamper: (p) => (p['Timestamp'] = 'soon') })).body.code).toBe(4000);
    expect((await call(sim, 'DescribeRedis', {}, { tamper: (p) => (p['Nonce'] = '-5') })).body.code).toBe(4000);
  });

  it('answers 4000 for a missing or unknown Region and for an unknown action', async () => {
    expect((await call(sim, 'DescribeRedis', {}, { region: 'mars' })).body).toMatchObject({
      code: 4000,
      message: '(Region) unknown region mars',
    });
    expect((await call(sim, 'BackupRedis')).body).toMatchObject({
      code: 4000,
      codeDesc: 'InvalidAction',
      message: '(Action) unknown action BackupRedis',
    });
  });

  it('accepts the long region name', async () => {
    expect((await call(sim, 'DescribeRedis', {}, { region: 'ap-guangzhou' })).body).toMatchObject({
      code: 0,
      totalCount: 3,
    });
  });

  it('signs and otherwise ignores parameters it does not know, and Token', async () => {
    const { body } = await call(sim, 'DescribeRedis', {
      RequestClient: 'SDK_PYTHON_2.0',
      Token: 'temporary-token',
      somethingElse: 'x y:z',
    });
    expect(body.code).toBe(0);
    const tampered = await call(
      sim,
      'DescribeRedis',
      { RequestClient: 'a' },
      { tamper: (p) => (p['RequestClient'] = 'b') },
    );
    expect(tampered.body.code).toBe(4100);
  });

  it('reads POST parameters from the body only and ignores the query string', async () => {
    const params = signed(sim, 'DescribeRedis', { limit: 1 }, { method: 'POST' });
    const { body } = await send(sim, params, 'POST', '?limit=2&Action=ExportRedisBackup');
    expect(body).toMatchObject({ code: 0, totalCount: 3 });
    expect((body.data?.['redisSet'] as unknown[]).length).toBe(1);
  });

  it('logs calls without the Signature and the Token', async () => {
    await call(sim, 'DescribeRedis', { Token: 'secret-token' });
    const [record] = sim.calls({ action: 'DescribeRedis' });
    expect(record).toMatchObject({ action: 'DescribeRedis', code: 0, httpStatus: 200, fault: null, region: 'gz' });
    expect(record?.params).not.toHaveProperty('Signature');
    expect(record?.params).not.toHaveProperty('Token');
    expect(record?.params).toHaveProperty('Nonce');
  });
});
