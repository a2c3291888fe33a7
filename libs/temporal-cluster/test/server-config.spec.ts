// The generated server config and dynamic config: loopback only, the module's config shape, production kept free of test values.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  composeDynamicConfig,
  downloadTemporalServerModule,
  NUM_HISTORY_SHARDS,
  TEST_DYNAMIC_CONFIG_OVERLAY,
  temporalServerConfig,
  type ClusterPorts,
} from '../src';

const productionDynamicConfig = resolve(
  __dirname,
  '..',
  '..',
  '..',
  'deploy',
  'temporal',
  'dynamicconfig',
  'crs-export.yaml',
);
const scratch = mkdtempSync(join(tmpdir(), 'temporal-cluster-config-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ports: ClusterPorts = {
  postgres: 21000,
  frontend: 21001,
  frontendHttp: 21002,
  frontendMembership: 21003,
  history: 21004,
  historyMembership: 21005,
  matching: 21006,
  matchingMembership: 21007,
  worker: 21008,
  workerMembership: 21009,
  frontendMetrics: 21010,
  historyMetrics: 21011,
  ui: 21012,
};

function configFor(process: 'frontend' | 'history'): Record<string, unknown> {
  return temporalServerConfig({
    process,
    ports,
    database: { user: 'temporal', password: 'secret' },
    tls: null,
    dynamicConfigFile: '/tmp/dynamicconfig.yaml',
    logLevel: 'info',
  });
}

describe('the Temporal server config', () => {
  it('has every top-level section of the module development-postgres12.yaml', async () => {
    const module = await downloadTemporalServerModule();
    const development = readFileSync(join(module.configDir, 'development-postgres12.yaml'), 'utf8');
    const sections = [...development.matchAll(/^([A-Za-z]\w*):/gm)].map((match) => match[1]);
    expect(sections).toContain('persistence');
    expect(Object.keys(configFor('history'))).toEqual(expect.arrayContaining(sections));
  }, 120_000);

  it('binds every listener to 127.0.0.1 and gives each process its own metrics port', () => {
    const history = JSON.stringify(configFor('history'));
    const frontend = JSON.stringify(configFor('frontend'));
    expect(history).not.toMatch(/0\.0\.0\.0|bindOnLocalHost|localhost/);
    expect([...history.matchAll(/"bindOnIP":"([^"]+)"/g)].map((match) => match[1])).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
    ]);
    expect(history).toContain('"listenAddress":"127.0.0.1:21011"');
    expect(frontend).toContain('"listenAddress":"127.0.0.1:21010"');
    expect(history).toContain(`"numHistoryShards":${NUM_HISTORY_SHARDS}`);
  });

  it('keeps the test-only dynamic config out of the production file and adds it in the overlay', () => {
    const production = readFileSync(productionDynamicConfig, 'utf8');
    expect(production).not.toMatch(/^system\.forceSearchAttributesCacheRefreshOnRead:/m);
    const composed = composeDynamicConfig(productionDynamicConfig, TEST_DYNAMIC_CONFIG_OVERLAY);
    expect(composed.startsWith(production.trimEnd())).toBe(true);
    expect(composed).toMatch(/^system\.forceSearchAttributesCacheRefreshOnRead:\n {2}- value: true\n/m);
    expect(composed).toMatch(/^system\.enableActivityEagerExecution:/m);
    expect(composeDynamicConfig(productionDynamicConfig, {})).toBe(`${production.trimEnd()}\n`);
  });

  it('refuses an overlay that would override a production setting', () => {
    const file = join(scratch, 'dynamicconfig.yaml');
    writeFileSync(file, 'limit.maxIDLength:\n  - value: 255\n    constraints: {}\n');
    expect(() => composeDynamicConfig(file, { 'limit.maxIDLength': 1000 })).toThrow(/already set/);
  });
});
