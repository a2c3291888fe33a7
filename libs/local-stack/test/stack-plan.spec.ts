// The stack's plan, without starting anything: services, ports, URLs and each service's environment.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@crs-export/config';
import { planStack, type StackPlanInput } from '../src';

const ports = { api: 3001, simulator: 8091, temporal: 7234, temporalUi: 8234, workerMetrics: 9465, codec: 8889 };
const everything = ['temporal', 'simulator', 'codec', 'worker', 'api'] as const;
const codec = {
  keysEnv: { CODEC_KEYS_FILE: '/repo/.data/codec-keys.json' },
  serverToken: 'ui-token-0123456789abcdefghij',
  serverTokens: 'ui-token-0123456789abcdefghij',
};
const env = {
  PATH: '/usr/bin',
  TENCENTCLOUD_SECRET_ID: 'AKIDplan',
  TENCENTCLOUD_SECRET_KEY: 'plan-secret-key',
  LOG_LEVEL: 'debug',
};

function input(overrides: Partial<StackPlanInput> = {}): StackPlanInput {
  return {
    rootDir: '/repo',
    dataDir: '/repo/.data',
    config: loadConfig(env),
    env,
    ports,
    apiKey: {
      key: 'crs_0123456789ab_k',
      keysFile: '/repo/.data/api-keys.json',
      pepperFile: '/repo/.data/api-keys.pepper',
      source: 'given',
      file: null,
    },
    wanted: ['temporal', 'simulator', 'worker', 'api'],
    external: { temporal: null, crs: null },
    persistTemporal: true,
    logDir: '/repo/.data/logs',
    temporalCliPath: '/cache/temporal',
    nodePath: '/usr/bin/node',
    supervisorPid: 42,
    orphanGuardPath: '/repo/libs/local-stack/src/orphan-guard.cjs',
    ...overrides,
  };
}

describe('planStack', () => {
  it('runs every service on the given ports, with the URLs the banner prints', () => {
    const plan = planStack(input());
    expect(plan.services).toEqual(['temporal', 'simulator', 'worker', 'api']);
    expect(plan.urls).toEqual({
      api: 'http://127.0.0.1:3001',
      docs: 'http://127.0.0.1:3001/docs',
      openapi: 'http://127.0.0.1:3001/openapi.json',
      temporalAddress: '127.0.0.1:7234',
      temporalUi: 'http://127.0.0.1:8234',
      simulator: 'http://127.0.0.1:8091',
      crsEndpoint: 'http://127.0.0.1:8091/v2/index.php',
      workerMetrics: 'http://127.0.0.1:9465/metrics',
      codecServer: null,
    });
    expect(plan.launches.temporal?.command).toBe('/cache/temporal');
    expect(plan.launches.temporal?.args).toEqual(
      expect.arrayContaining(['--db-filename', '/repo/.data/temporal.sqlite']),
    );
    expect(plan.launches.api?.args).toEqual([
      '--require',
      '/repo/libs/local-stack/src/orphan-guard.cjs',
      '/repo/tools/run-ts.cjs',
      'apps/api/src/main.ts',
    ]);
    expect(plan.launches.worker?.logFile).toBe('/repo/.data/logs/worker.log');
  });

  it('gives the Tencent credentials to the worker only', () => {
    const { launches } = planStack(input());
    expect(launches.worker?.env['TENCENTCLOUD_SECRET_KEY']).toBe('plan-secret-key');
    for (const name of ['api', 'simulator', 'temporal'] as const) {
      expect(launches[name]?.env['TENCENTCLOUD_SECRET_KEY'], name).toBeUndefined();
      expect(launches[name]?.env['TENCENTCLOUD_SECRET_ID'], name).toBeUndefined();
    }
    expect(launches.api?.env).toMatchObject({
      API_KEYS_FILE: '/repo/.data/api-keys.json',
      API_KEYS_PEPPER_FILE: '/repo/.data/api-keys.pepper',
      API_PORT: '3001',
      API_HOST: '127.0.0.1',
    });
    expect(launches.worker?.env).toMatchObject({ TEMPORAL_ADDRESS: '127.0.0.1:7234', WORKER_METRICS_PORT: '9465' });
  });

  it('starts neither Temporal nor the simulator when both are external, and points the services at them', () => {
    const plan = planStack(
      input({ external: { temporal: 'temporal.internal:7233', crs: 'https://redis.api.qcloud.com/v2/index.php' } }),
    );
    expect(plan.services).toEqual(['worker', 'api']);
    expect(plan.urls.simulator).toBeNull();
    expect(plan.launches.worker?.env).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      CRS_ENDPOINT: 'https://redis.api.qcloud.com/v2/index.php',
    });
  });

  it('keeps Temporal in memory and the UI off when asked, and applies per-service overrides last', () => {
    const plan = planStack(
      input({
        persistTemporal: false,
        ports: { ...ports, temporalUi: null },
        serviceEnv: { worker: { LOG_LEVEL: 'warn', WORKER_SHUTDOWN_GRACE_MS: undefined } },
      }),
    );
    expect(plan.launches.temporal?.args).toContain('--headless');
    expect(plan.launches.temporal?.args).not.toContain('--db-filename');
    expect(plan.urls.temporalUi).toBeNull();
    expect(plan.launches.worker?.env['LOG_LEVEL']).toBe('warn');
    expect('WORKER_SHUTDOWN_GRACE_MS' in (plan.launches.worker?.env ?? {})).toBe(false);
  });

  it('runs the worker with two malloc arenas unless MALLOC_ARENA_MAX says otherwise, and only the worker', () => {
    const plan = planStack(input());
    expect(plan.launches.worker?.env['MALLOC_ARENA_MAX']).toBe('2');
    expect('MALLOC_ARENA_MAX' in (plan.launches.api?.env ?? {})).toBe(false);
    const given = planStack(input({ env: { ...env, MALLOC_ARENA_MAX: '4' } }));
    expect(given.launches.worker?.env['MALLOC_ARENA_MAX']).toBe('4');
  });

  it('runs the codec server with the Web UI, and starts the dev server with its token path as the UI codec endpoint', () => {
    const plan = planStack(input({ codec, wanted: everything }));
    expect(plan.services).toEqual(['temporal', 'simulator', 'codec', 'worker', 'api']);
    expect(plan.urls.codecServer).toBe('http://127.0.0.1:8889');
    const args = plan.launches.temporal?.args ?? [];
    expect(args[args.indexOf('--ui-codec-endpoint') + 1]).toBe('http://127.0.0.1:8889/ui-token-0123456789abcdefghij');
    expect(plan.launches.codec?.args.at(-1)).toBe('apps/codec-server/src/main.ts');
    expect(plan.launches.codec?.env).toMatchObject({
      CODEC_SERVER_PORT: '8889',
      CODEC_SERVER_HOST: '127.0.0.1',
      CODEC_SERVER_TOKENS: 'ui-token-0123456789abcdefghij',
      CODEC_SERVER_ORIGINS: 'http://127.0.0.1:8234,http://localhost:8234',
    });
  });

  it('gives the codec keys to the worker, the API and the codec server only', () => {
    const { launches } = planStack(
      input({ codec, wanted: everything, env: { ...env, CODEC_KEYS: 'k1:leaked', CODEC_SERVER_TOKENS: 'x' } }),
    );
    for (const name of ['worker', 'api', 'codec'] as const) {
      expect(launches[name]?.env['CODEC_KEYS_FILE'], name).toBe('/repo/.data/codec-keys.json');
      expect(launches[name]?.env['CODEC_KEYS'], name).toBeUndefined();
    }
    for (const name of ['temporal', 'simulator'] as const) {
      for (const variable of ['CODEC_KEYS', 'CODEC_KEYS_FILE', 'CODEC_SERVER_TOKENS']) {
        expect(launches[name]?.env[variable], `${name} ${variable}`).toBeUndefined();
      }
    }
    expect(launches.worker?.env['CODEC_SERVER_TOKENS']).toBeUndefined();
  });

  it('runs no codec server without a Web UI (the suites and the benchmarks)', () => {
    const plan = planStack(input({ codec, wanted: everything, ports: { ...ports, temporalUi: null } }));
    expect(plan.services).not.toContain('codec');
    expect(plan.urls.codecServer).toBeNull();
    expect(plan.launches.temporal?.args).not.toContain('--ui-codec-endpoint');
    expect(plan.launches.worker?.env['CODEC_KEYS_FILE']).toBe('/repo/.data/codec-keys.json');
  });
});
