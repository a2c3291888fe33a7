// Predictive polling in the activities: createBackup estimates the task from the instance's recent backups, the
// poll does not call Tencent before the estimate and names its next retry's delay, and the new backup's lookup
// uses validation's facts of the instance instead of reading it again. A strict fake of the backend port.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { CrsApiError, type BackupInfo, type CrsBackend } from '@crs-export/contracts';
import { createExportActivities, type TaskPollTarget } from '../src';

const NOW = Date.parse('2026-12-01T04:00:00.000Z');
const ref = { redisId: 'crs-j30wibe7', region: 'gz' };
const facts = { engine: 'Redis 7.0', rdbVersion: 11, shardCount: 3 };
const POLICY = { initialInterval: 2000, maximumInterval: 60_000, backoffCoefficient: 2 };

/** Methods the port may lack (an API without end times): absent when not given, not a failure. */
const OPTIONAL = new Set(['then', 'recentBackups']);

/** Only the methods a test gives; any other one fails the test. */
function strictBackend(methods: Partial<CrsBackend>): CrsBackend & { called: string[] } {
  const called: string[] = [];
  const base = { apiVersion: 3, urlValidityMs: 1, exportsStandardInstances: true, needsExportStep: false, called };
  return new Proxy({ ...base, ...methods } as CrsBackend & { called: string[] }, {
    get: (given, name: string) => {
      const value = given[name as keyof typeof given];
      if (value === undefined && !OPTIONAL.has(name)) throw new Error(`unexpected backend call ${name}`);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        called.push(name);
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    },
    has: (given, name) => name in given,
  });
}

function backup(startedAt: string, endedAt: string | null): BackupInfo {
  return {
    backupId: `b-${startedAt}`,
    status: 2,
    type: 'manual',
    startedAt,
    endedAt,
    remark: '',
    encrypted: false,
    sizeBytes: 1,
  };
}

async function failureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

function pollEnv(attempt: number, heartbeatDetails?: number) {
  const env = new MockActivityEnvironment({ attempt, heartbeatDetails, retryPolicy: POLICY });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  return { env, heartbeats };
}

describe('createBackup', () => {
  const request = { ...ref, backupId: 'new', exportId: 'export-1', instance: facts };

  it('expects the median duration of the recent backups and echoes the instance facts', async () => {
    const backend = strictBackend({
      recentBackups: async () => [
        backup('2026-11-28T03:00:00.000Z', '2026-11-28T03:01:40.000Z'),
        backup('2026-11-29T03:00:00.000Z', '2026-11-29T03:02:00.000Z'),
        backup('2026-11-30T03:00:00.000Z', '2026-11-30T03:10:00.000Z'),
      ],
      createBackup: async () => ({ taskId: 77 }),
    });
    const activities = createExportActivities({ backend, now: () => new Date(NOW) });
    const task = await new MockActivityEnvironment().run(activities.createBackup, request);
    expect(task).toMatchObject({
      taskId: 77,
      expectedDurationMs: 120_000,
      taskStartedAt: new Date(NOW).toISOString(),
      instance: facts,
    });
    expect(backend.called).toEqual(['recentBackups', 'createBackup']);
  });

  it('starts the backup without an estimate when the listing fails or has no end times', async () => {
    const failing = strictBackend({
      recentBackups: () =>
        Promise.reject(
          new CrsApiError({
            kind: 'api',
            action: 'DescribeInstanceBackups',
            code: 'InternalError',
            codeName: 'InternalError',
            retryable: true,
            detail: 'x',
          }),
        ),
      createBackup: async () => ({ taskId: 78 }),
    });
    const failed = createExportActivities({ backend: failing, now: () => new Date(NOW) });
    expect(await new MockActivityEnvironment().run(failed.createBackup, request)).toMatchObject({
      taskId: 78,
      expectedDurationMs: null,
    });
    const v2Like = strictBackend({ createBackup: async () => ({ taskId: 79 }) });
    const plain = createExportActivities({ backend: v2Like, now: () => new Date(NOW) });
    expect(await new MockActivityEnvironment().run(plain.createBackup, request)).toMatchObject({
      taskId: 79,
      expectedDurationMs: null,
    });
    expect(v2Like.called).toEqual(['createBackup']);
  });
});

describe('pollExportTask with an estimate', () => {
  const started = new Date(NOW).toISOString();
  const target: TaskPollTarget = { region: 'gz', taskId: 9, expectedDurationMs: 100_000, taskStartedAt: started };
  const at = (elapsedMs: number) => () => new Date(NOW + elapsedMs);

  it('does not call Tencent before the estimate and retries when it is due (plus 1%)', async () => {
    const backend = strictBackend({});
    const { env, heartbeats } = pollEnv(1);
    const failure = await failureOf(env.run(createExportActivities({ backend, now: at(40) }).pollExportTask, target));
    expect(failure).toMatchObject({ type: 'ExportTaskPending', nonRetryable: false, nextRetryDelay: 101_000 - 40 });
    expect(failure.details?.[1]).toEqual({ polls: 0, taskStatus: null, backupStatus: null });
    expect(heartbeats).toEqual([0]);
    expect(backend.called).toEqual([]);
  });

  it('after the estimate, asks, and on "running" retries after 10% of the time since the start', async () => {
    const backend = strictBackend({
      describeTask: async () => ({ state: 'pending', tencentStatus: 'running', message: '' }),
    });
    const { env, heartbeats } = pollEnv(2, 0);
    const failure = await failureOf(
      env.run(createExportActivities({ backend, now: at(101_000) }).pollExportTask, target),
    );
    expect(failure).toMatchObject({ type: 'ExportTaskPending', nextRetryDelay: 10_100 });
    expect(failure.details?.[1]).toMatchObject({ polls: 1, taskStatus: 'running' });
    expect(heartbeats).toEqual([1]);
  });

  it('counts the calls made, not the attempts, once the task succeeded', async () => {
    const backend = strictBackend({
      describeTask: async () => ({ state: 'succeeded', tencentStatus: 'succeed', message: '' }),
    });
    const { env } = pollEnv(4, 2);
    const finished = await env.run(createExportActivities({ backend, now: at(130_000) }).pollExportTask, target);
    expect(finished).toEqual({ polls: 3, taskStatus: 'succeed' });
  });

  it('without an estimate polls at once and leaves the delay to the retry policy, as before', async () => {
    const backend = strictBackend({
      describeTask: async () => ({ state: 'pending', tencentStatus: 'running', message: '' }),
    });
    const { env, heartbeats } = pollEnv(3);
    const plain = { region: 'gz', taskId: 9, expectedDurationMs: null, taskStartedAt: started };
    const failure = await failureOf(env.run(createExportActivities({ backend, now: at(0) }).pollExportTask, plain));
    expect(failure.nextRetryDelay).toBeUndefined();
    expect(failure.details?.[1]).toMatchObject({ polls: 3 });
    expect(heartbeats).toEqual([]);
  });
});

describe('findCreatedBackup', () => {
  const lookup = {
    ...ref,
    backupId: 'new',
    taskId: 9,
    remark: 'export-1',
    startedAfter: new Date(NOW - 600_000).toISOString(),
  };
  const found = backup('2026-12-01T04:00:00.000Z', '2026-12-01T04:01:00.000Z');

  it("takes validation's facts of the instance instead of calling DescribeInstances again", async () => {
    const backend = strictBackend({
      findCreatedBackup: async () => found,
      backupDetail: async () => ({ backupId: found.backupId, shardCount: 3, encrypted: false, sizeBytes: 1 }),
    });
    const made = await new MockActivityEnvironment().run(createExportActivities({ backend }).findCreatedBackup, {
      ...lookup,
      instance: facts,
    });
    expect(made).toMatchObject({ backupId: found.backupId, engine: 'Redis 7.0', rdbVersion: 11, shardCount: 3 });
    expect(backend.called).toEqual(['findCreatedBackup', 'backupDetail']);
  });

  it('reads the instance, as before, when the lookup carries no facts (older histories)', async () => {
    const backend = strictBackend({
      findCreatedBackup: async () => found,
      findInstance: async () => ({
        redisId: ref.redisId,
        name: 'orders',
        architecture: 'cluster',
        status: 2,
        running: true,
        ...facts,
        tags: {},
      }),
      backupDetail: async () => ({ backupId: found.backupId, shardCount: 3, encrypted: false, sizeBytes: 1 }),
    });
    await new MockActivityEnvironment().run(createExportActivities({ backend }).findCreatedBackup, lookup);
    expect(backend.called).toEqual(['findCreatedBackup', 'findInstance', 'backupDetail']);
  });
});
