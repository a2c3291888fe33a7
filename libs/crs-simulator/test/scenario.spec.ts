// Scenario loading: the demo scenario is complete and valid, bad scenarios are refused with every problem named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS, DEMO_SCENARIO, parseScenario, ScenarioError } from '../src';

describe('demo scenario', () => {
  it('is the JSON file, valid, with the demo credentials from libs/config', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', 'scenarios', 'demo.json'), 'utf8')) as unknown;
    expect(parseScenario(file)).toEqual(DEMO_SCENARIO);
    expect(DEMO_SCENARIO.credentials).toEqual([{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }]);
  });

  it('has cluster and master-replica instances, in two regions at least, with backups in every status', () => {
    const instances = DEMO_SCENARIO.instances;
    expect(new Set(instances.map((instance) => instance.typeId))).toEqual(new Set([1, 2]));
    expect(new Set(instances.map((instance) => instance.region)).size).toBeGreaterThanOrEqual(2);
    const statuses = new Set(instances.flatMap((instance) => instance.backups.map((backup) => backup.status)));
    for (const status of [1, 2, -1, 3, 4]) expect(statuses).toContain(status);
    const outcomes = new Set(instances.flatMap((instance) => instance.backups.map((backup) => backup.exportOutcome)));
    expect(outcomes).toEqual(new Set(['success', 'failed', 'error']));
  });

  it('has the happy-path cluster backup crs-j30wibe7 / 3a07b27e-... in status 2', () => {
    const orders = DEMO_SCENARIO.instances.find((instance) => instance.redisId === 'crs-j30wibe7');
    expect(orders).toMatchObject({ typeId: 1, region: 'gz', regionId: 1 });
    expect(orders?.backups.find((backup) => backup.backupId === DEMO_IDS.exportableBackupId)).toMatchObject({
      status: 2,
      exportOutcome: 'success',
    });
  });
});

describe('parseScenario', () => {
  it('fills defaults and stores long region names short', () => {
    const scenario = parseScenario({
      credentials: [{ secretId: 'AKIDx', secretKey: 'k' }],
      instances: [
        {
          redisId: 'crs-a',
          redisName: 'a',
          region: 'ap-shanghai',
          typeId: 1,
          backups: [{ backupId: 'b1', status: 2, startTime: '2026-01-01 00:00:00' }],
        },
      ],
    });
    expect(scenario).toMatchObject({ errorShape: 'code', exportDurationMs: 3000 });
    expect(scenario.instances[0]).toMatchObject({ region: 'sh', regionId: 4, status: 2 });
    expect(scenario.instances[0]?.backups[0]).toMatchObject({
      exportOutcome: 'success',
      rdbBytes: 65536,
      backupType: 'manualBackupInstance',
    });
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      parseScenario({
        credentials: [],
        errorShape: 'json',
        exportDurationMs: -1,
        bogus: 1,
        instances: [
          {
            redisId: 'crs-a',
            redisName: 'a',
            region: 'mars',
            typeId: 3,
            backups: [{ backupId: 'b', status: 5, startTime: 'yesterday', rdbBytes: 10, exportOutcome: 'maybe' }],
          },
          { redisId: 'crs-a', redisName: 'dup', region: 'gz', regionId: 4, typeId: 1 },
        ],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const problems = (error as ScenarioError).problems.join('\n');
    for (const fragment of [
      'credentials: expected a non-empty array',
      'errorShape: expected one of "code", "module"',
      'exportDurationMs: expected an integer',
      'scenario.bogus: unknown field',
      'instances[0].region: unknown region "mars"',
      'instances[0].typeId',
      'instances[0].backups[0].status',
      'instances[0].backups[0].startTime',
      'instances[0].backups[0].rdbBytes',
      'instances[0].backups[0].exportOutcome',
      'instances[1].regionId: 4 does not match region gz',
      'instances[1].redisId: duplicate crs-a',
    ]) {
      expect(problems).toContain(fragment);
    }
  });

  it('refuses what is not an object', () => {
    expect(() => parseScenario([])).toThrow(ScenarioError);
  });
});
