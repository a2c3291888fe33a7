// The local stack's simulator runs with an admin token: generated once into <dataDir>/sim-admin-token (or
// CRS_SIM_ADMIN_TOKEN), handed to the simulator only, and required by its /_sim routes but the health check.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@crs-export/config';
import { planStack, resolveSimulatorAdminToken, startStack, type Stack, type StackPlanInput } from '../src';

const scratch = mkdtempSync(join(tmpdir(), 'sim-admin-token-'));
let stack: Stack | null = null;

afterAll(async () => {
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function planInput(token: string | null): StackPlanInput {
  return {
    rootDir: '/repo',
    dataDir: '/repo/.data',
    config: loadConfig({}),
    env: { PATH: '/usr/bin' },
    ports: { api: 3001, simulator: 8091, temporal: 7234, temporalUi: null, workerMetrics: 9465 },
    apiKey: {
      key: 'crs_0123456789ab_k',
      keysFile: '/repo/.data/api-keys.json',
      pepperFile: '/repo/.data/api-keys.pepper',
      source: 'given',
      file: null,
    },
    simulatorAdminToken: token,
    wanted: ['temporal', 'simulator', 'worker', 'api'],
    external: { temporal: null, crs: null },
    persistTemporal: false,
    logDir: null,
    temporalCliPath: '/cache/temporal',
    nodePath: '/usr/bin/node',
    supervisorPid: 42,
    orphanGuardPath: '/repo/libs/local-stack/src/orphan-guard.cjs',
  };
}

describe('the simulator admin token of a local stack', () => {
  it('is generated once, kept with mode 600, and CRS_SIM_ADMIN_TOKEN wins', () => {
    const dataDir = join(scratch, 'resolve');
    const first = resolveSimulatorAdminToken({ dataDir });
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^crsim_[\w-]{32}$/);
    expect(statSync(join(dataDir, 'sim-admin-token')).mode & 0o777).toBe(0o600);
    expect(resolveSimulatorAdminToken({ dataDir })).toEqual({ ...first, source: 'persisted' });
    expect(resolveSimulatorAdminToken({ dataDir, configured: ' operator-token ' })).toEqual({
      token: 'operator-token',
      source: 'CRS_SIM_ADMIN_TOKEN',
      file: null,
    });
  });

  it('goes to the simulator only', () => {
    const { launches } = planStack(planInput('the-token-0123456789'));
    expect(launches.simulator?.env['CRS_SIM_ADMIN_TOKEN']).toBe('the-token-0123456789');
    for (const service of ['worker', 'api', 'temporal'] as const)
      expect(launches[service]?.env['CRS_SIM_ADMIN_TOKEN']).toBeUndefined();
    expect(planStack(planInput(null)).launches.simulator?.env['CRS_SIM_ADMIN_TOKEN']).toBeUndefined();
  });

  it('is required by the running simulator for every admin route but /_sim/healthz', async () => {
    const dataDir = join(scratch, 'stack');
    stack = await startStack({
      rootDir: join(__dirname, '..', '..', '..'),
      dataDir,
      env: { PATH: process.env['PATH'] },
      services: ['simulator'],
      ports: { api: 0, simulator: 0, temporal: 0, temporalUi: null, workerMetrics: 0 },
      temporalAddress: null,
      crsEndpoint: null,
      logDir: null,
    });
    const token = stack.simulatorAdminToken;
    expect(token).toBe(readFileSync(join(dataDir, 'sim-admin-token'), 'utf8').trim());
    const base = stack.urls.simulator ?? '';
    const status = async (path: string, auth?: string): Promise<number> =>
      (await fetch(`${base}${path}`, auth ? { headers: { authorization: auth } } : {})).status;
    expect(await status('/_sim/healthz')).toBe(200);
    expect(await status('/_sim/state')).toBe(401);
    expect(await status('/_sim/calls', 'Bearer not-the-token')).toBe(401);
    expect(await status('/_sim/state', `Bearer ${token ?? ''}`)).toBe(200);
  });
});
