// The optional admin token of /_sim (issue 15): without it, or with another, 401; with it, the routes work;
// the health check stays open for probes, and Tencent's APIs are not affected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrsSimulator, type CrsSimulator } from '../src';
import { ok } from './sim-call';

const TOKEN = 'sim-admin-token-0123456789';
let sim: CrsSimulator;

beforeAll(async () => {
  sim = await startCrsSimulator({ adminToken: TOKEN });
});
afterAll(() => sim.close());

function admin(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    ...init,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  });
}

describe('admin token', () => {
  it('answers 401 without the token, or with another one', async () => {
    for (const response of [
      await admin('/_sim/state'),
      await admin('/_sim/state', {}, 'wrong-token'),
      await admin('/_sim/calls', { method: 'DELETE' }),
      await admin('/_sim/faults', { method: 'PUT', body: '{"*":{"errorRate":1}}' }),
      await admin('/_sim/nothing'),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: expect.stringContaining('Bearer') });
    }
    expect(sim.faults()).toEqual({});
  });

  it('opens every route with Authorization: Bearer <token>', async () => {
    expect((await admin('/_sim/state', {}, TOKEN)).status).toBe(200);
    const put = await admin('/_sim/faults', { method: 'PUT', body: '{"DescribeRedis":{"latencyMs":1}}' }, TOKEN);
    expect(put.status).toBe(200);
    expect(sim.faults()).toEqual({ DescribeRedis: { latencyMs: 1 } });
    expect((await admin('/_sim/faults', { method: 'DELETE' }, TOKEN)).status).toBe(200);
  });

  it('keeps the health check open and leaves the APIs alone', async () => {
    expect((await admin('/_sim/healthz')).status).toBe(200);
    expect((await ok(sim, 'DescribeRedis')).code).toBe(0);
  });
});
