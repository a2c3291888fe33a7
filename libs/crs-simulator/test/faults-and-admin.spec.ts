// Fault injection (each kind, per action and "*", seeded) and the /_sim admin routes.
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO, FaultConfigError, ManualClock, startCrsSimulator, type CrsSimulator } from '../src';
import { call, ok, send, signed } from './sim-call';

const clock = new ManualClock();
let sim: CrsSimulator;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock, seed: 7, timeoutHoldMs: 400 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setScenario(DEMO_SCENARIO);
  sim.reset();
});

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A raw request that reports how the connection ended, without a client-side timeout. */
function rawCall(path: string): Promise<{ outcome: 'answer' | 'closed'; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request(`${sim.url}${path}`, (res) => {
      res.resume();
      res.on('end', () => resolve({ outcome: 'answer', afterMs: Date.now() - started }));
    });
    req.on('error', () => resolve({ outcome: 'closed', afterMs: Date.now() - started }));
    req.end();
  });
}

describe('faults', () => {
  it('answers errorRate faults with one of errorCodes, in the scenario error shape, without doing the call', async () => {
    sim.setScenario({ ...DEMO_SCENARIO, errorShape: 'module' });
    sim.setFaults({ ExportRedisBackup: { errorRate: 1, errorCodes: [10702] } });
    const { body } = await call(sim, 'ExportRedisBackup', {
      redisId: DEMO_IDS.clusterRedisId,
      backupId: DEMO_IDS.exportableBackupId,
    });
    expect(body).toMatchObject({
      code: 4000,
      codeDesc: 'InstanceStatusAbnormal',
      message: expect.stringMatching(/^\(10702\)/),
    });
    sim.setFaults({ ExportRedisBackup: { errorRate: 1, errorCodes: [6000] } });
    expect((await call(sim, 'ExportRedisBackup', {})).body).toMatchObject({ code: 6000, codeDesc: 'InternalError' });
    sim.setFaults({});
    expect(
      (
        await call(sim, 'ExportRedisBackup', {
          redisId: DEMO_IDS.clusterRedisId,
          backupId: DEMO_IDS.exportableBackupId,
        })
      ).body.code,
    ).toBe(0);
    expect(sim.calls({ action: 'ExportRedisBackup' }).map((record) => [record.fault, record.code])).toEqual([
      ['error', 4000],
      ['error', 6000],
      [null, 0],
    ]);
  });

  it('answers httpErrorRate faults with one of httpStatuses', async () => {
    sim.setFaults({ '*': { httpErrorRate: 1, httpStatuses: [503] } });
    const response = await fetch(`${sim.endpoint}?${new URLSearchParams(signed(sim, 'DescribeRedis')).toString()}`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('injected fault');
    expect(sim.calls()[0]).toMatchObject({ action: 'DescribeRedis', fault: 'httpError', httpStatus: 503, code: null });
  });

  it('adds latencyMs before answering', async () => {
    sim.setFaults({ DescribeRedis: { latencyMs: 150 } });
    const started = Date.now();
    expect((await call(sim, 'DescribeRedis')).body.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('never answers a timeoutRate call, and closes the socket after the hold time (or when the client leaves)', async () => {
    sim.setFaults({ DescribeRedis: { timeoutRate: 1 } });
    const query = `/v2/index.php?${new URLSearchParams(signed(sim, 'DescribeRedis')).toString()}`;
    await expect(fetch(`${sim.url}${query}`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const held = await rawCall(query.replace(/Nonce=\d+/, 'Nonce=1'));
    expect(held.outcome).toBe('closed');
    expect(held.afterMs).toBeGreaterThanOrEqual(350);
    expect(sim.calls().map((record) => record.fault)).toEqual(['timeout', 'timeout']);
  });

  it('does the call and then drops the connection for dropResponseRate', async () => {
    sim.setFaults({ ExportRedisBackup: { dropResponseRate: 1 } });
    await expect(
      send(
        sim,
        signed(sim, 'ExportRedisBackup', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.exportableBackupId }),
      ),
    ).rejects.toThrow();
    sim.setFaults({});
    const list = await ok(sim, 'GetRedisBackupList', { redisId: DEMO_IDS.clusterRedisId, limit: 100, offset: 0 });
    expect(list.data?.['redisBackupSet']).toContainEqual(
      expect.objectContaining({ backupId: DEMO_IDS.exportableBackupId, status: 3 }),
    );
    expect(sim.calls({ action: 'ExportRedisBackup' })[0]).toMatchObject({
      fault: 'dropResponse',
      code: 0,
      httpStatus: null,
    });
  });

  it('lets an action override the "*" faults field by field', async () => {
    sim.setFaults({ '*': { errorRate: 1, errorCodes: [5100] }, DescribeRedis: { errorRate: 0 } });
    expect((await call(sim, 'DescribeRedis')).body.code).toBe(0);
    expect((await call(sim, 'DescribeTaskInfo', { requestId: 1 })).body.code).toBe(5100);
  });

  it('draws the same faults for the same seed', async () => {
    const pattern = async (): Promise<number[]> => {
      const other = await startCrsSimulator({
        seed: 99,
        faults: { DescribeRedis: { errorRate: 0.5, errorCodes: [6000] } },
      });
      try {
        const codes = [];
        for (let i = 0; i < 12; i++) codes.push(Number((await call(other, 'DescribeRedis')).body.code));
        return codes;
      } finally {
        await other.close();
      }
    };
    const first = await pattern();
    expect(first).toContain(0);
    expect(first).toContain(6000);
    expect(await pattern()).toEqual(first);
  });

  it('refuses a bad fault configuration with every problem named', () => {
    expect(() => sim.setFaults({ DescribeRedis: { errorRate: 2, latencyMs: [5, 1], httpStatuses: [200] } })).toThrow(
      FaultConfigError,
    );
  });
});

describe('admin routes', () => {
  it('PUT /_sim/faults validates and stores, GET shows, DELETE clears', async () => {
    const bad = await admin('PUT', '/_sim/faults', { DescribeRedis: { errorRate: 'often', nope: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.json['problems']).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DescribeRedis.errorRate'),
        expect.stringContaining('DescribeRedis.nope'),
      ]),
    );
    expect((await admin('PUT', '/_sim/faults', { '*': { latencyMs: [0, 5] } })).status).toBe(200);
    expect((await admin('GET', '/_sim/faults')).json).toEqual({ faults: { '*': { latencyMs: [0, 5] } } });
    await admin('DELETE', '/_sim/faults');
    expect(sim.faults()).toEqual({});
  });

  it('PUT /_sim/scenario replaces the state, and refuses an invalid one with 400 and the problems', async () => {
    const bad = await admin('PUT', '/_sim/scenario', { credentials: [], instances: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json['problems']).toEqual(
      expect.arrayContaining([expect.stringContaining('credentials'), expect.stringContaining('instances')]),
    );
    expect((await admin('PUT', '/_sim/scenario', 'not json')).status).toBe(400);
    const one = { ...DEMO_SCENARIO, instances: DEMO_SCENARIO.instances.slice(0, 1) };
    expect((await admin('PUT', '/_sim/scenario', one)).json).toEqual({ ok: true, instances: 1 });
    expect((await ok(sim, 'DescribeRedis')).totalCount).toBe(1);
  });

  it('GET /_sim/state shows instances, backups, tasks and the clock, without secret keys', async () => {
    await ok(sim, 'ExportRedisBackup', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.exportableBackupId });
    const { json } = await admin('GET', '/_sim/state');
    expect(json['now']).toBe(new Date(clock.now()).toISOString());
    expect(JSON.stringify(json)).not.toContain(DEMO_SCENARIO.credentials[0]?.secretKey);
    expect(json['tasks']).toContainEqual(
      expect.objectContaining({ kind: 'exportBackup', backupId: DEMO_IDS.exportableBackupId, status: 0 }),
    );
  });

  it('GET /_sim/calls filters by action and limit; DELETE empties it', async () => {
    await ok(sim, 'DescribeRedis');
    await call(sim, 'DescribeTaskInfo', { requestId: 1 });
    await ok(sim, 'DescribeRedis');
    const filtered = (await admin('GET', '/_sim/calls?action=DescribeTaskInfo')).json['calls'] as Array<
      Record<string, unknown>
    >;
    expect(filtered).toEqual([expect.objectContaining({ action: 'DescribeTaskInfo', code: 11201, method: 'GET' })]);
    expect(((await admin('GET', '/_sim/calls?limit=1')).json['calls'] as unknown[]).length).toBe(1);
    await admin('DELETE', '/_sim/calls');
    expect(sim.calls()).toEqual([]);
  });

  it('keeps a bounded call log, newest last', async () => {
    const small = await startCrsSimulator({ callLogSize: 3 });
    try {
      for (let i = 0; i < 5; i++) await call(small, 'DescribeRedis', { limit: i + 1 });
      expect(small.calls().map((record) => record.params['limit'])).toEqual(['3', '4', '5']);
    } finally {
      await small.close();
    }
  });

  it('POST /_sim/reset restores the scenario and clears faults, calls and nonces', async () => {
    await ok(sim, 'ExportRedisBackup', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.exportableBackupId });
    sim.setFaults({ '*': { latencyMs: 1 } });
    const params = signed(sim, 'DescribeRedis');
    await send(sim, params);
    expect((await admin('POST', '/_sim/reset')).json).toEqual({ ok: true });
    expect(sim.faults()).toEqual({});
    expect(sim.calls()).toEqual([]);
    expect((await send(sim, params)).body.code).toBe(0);
    const list = await ok(sim, 'GetRedisBackupList', { redisId: DEMO_IDS.clusterRedisId, limit: 100, offset: 0 });
    expect(list.data?.['redisBackupSet']).toContainEqual(
      expect.objectContaining({ backupId: DEMO_IDS.exportableBackupId, status: 2 }),
    );
  });

  it('POST /_sim/advance moves the simulated clock', async () => {
    const requestId = (
      await ok(sim, 'ExportRedisBackup', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.exportableBackupId })
    ).data?.['requestId'] as number;
    expect((await admin('POST', '/_sim/advance', { ms: 3000 })).status).toBe(200);
    expect((await ok(sim, 'DescribeTaskInfo', { requestId })).data?.['status']).toBe(2);
    expect((await admin('POST', '/_sim/advance', { ms: -1 })).status).toBe(400);
  });

  it('answers 404 with the list of routes for an unknown admin path', async () => {
    const { status, json } = await admin('GET', '/_sim/nothing');
    expect(status).toBe(404);
    expect(json['routes']).toContain('PUT /_sim/scenario');
  });
});

describe('closing', () => {
  it('releases sockets held by timeout faults when the simulator closes', async () => {
    const other = await startCrsSimulator({ faults: { '*': { timeoutRate: 1 } } });
    const pending = fetch(`${other.endpoint}?Action=DescribeRedis`).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(await pending).toBe('closed');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
