// Unit tests of single activity functions over the v2 adapter of the backend port: a strict fake v2 CrsApi
// (fails on any call it was not given) and the SDK's MockActivityEnvironment for the attempt number.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { CrsApiError } from '@crs-export/contracts';
import { createV2Backend, type CrsApi } from '@crs-export/crs-client';
import { createExportActivities as createActivities, type ExportActivityDeps } from '../src';

const target = { redisId: 'crs-j30wibe7', backupId: '3a07b27e-f744-11e6-babc-525400082493', region: 'gz' };

/** Only the calls a test gives; any other call fails the test. */
function strictCrs(calls: Partial<CrsApi>): CrsApi {
  return new Proxy(calls as CrsApi, {
    get: (given, name: string) => {
      const call = given[name as keyof CrsApi];
      if (!call) throw new Error(`unexpected CRS call ${name}`);
      return call;
    },
  });
}

function createExportActivities(deps: Omit<ExportActivityDeps, 'backend'> & { crs: CrsApi }) {
  const { crs, ...rest } = deps;
  return createActivities({ ...rest, backend: createV2Backend(crs) });
}

function backupWithStatus(status: number) {
  return async () => [
    { backupId: target.backupId, startTime: '', backupType: 'manualBackupInstance', status, remark: '', locked: 0 },
  ];
}

async function failureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('pollExportTask', () => {
  it('throws a retryable, benign ExportTaskPending while the task runs, carrying the attempt as polls', async () => {
    const activities = createExportActivities({ crs: strictCrs({ describeTaskInfo: async () => ({ status: 1 }) }) });
    const failure = await failureOf(
      new MockActivityEnvironment({ attempt: 7 }).run(activities.pollExportTask, { region: 'gz', taskId: 9 }),
    );
    expect(failure).toMatchObject({ type: 'ExportTaskPending', nonRetryable: false, category: 'BENIGN' });
    expect(failure.details?.[1]).toEqual({ polls: 7, taskStatus: 1, backupStatus: null });
  });

  it('returns the attempt number as the polls made once the task succeeded', async () => {
    const activities = createExportActivities({ crs: strictCrs({ describeTaskInfo: async () => ({ status: 2 }) }) });
    const finished = await new MockActivityEnvironment({ attempt: 4 }).run(activities.pollExportTask, {
      region: 'gz',
      taskId: 9,
    });
    expect(finished).toEqual({ polls: 4, taskStatus: 2 });
  });

  it('fails without retry on task status 3', async () => {
    const activities = createExportActivities({ crs: strictCrs({ describeTaskInfo: async () => ({ status: 3 }) }) });
    const failure = await failureOf(
      new MockActivityEnvironment().run(activities.pollExportTask, { region: 'gz', taskId: 9 }),
    );
    expect(failure).toMatchObject({ type: 'ExportTaskFailed', nonRetryable: true });
    expect(failure.details?.[0]).toMatchObject({
      code: 'ExportTaskFailed',
      retryable: false,
      action: 'DescribeTaskInfo',
    });
  });
});

describe('a CrsApiError leaving an activity', () => {
  const error = (code: number, retryable: boolean) =>
    new CrsApiError({
      kind: 'api',
      action: 'ExportRedisBackup',
      code,
      codeName: 'OnlyClusterInstanceCanExportBackup',
      retryable,
      detail: 'only cluster instances',
    });

  it('is a non-retryable CrsApiError failure with the code, name, message and action for a non-retryable code', async () => {
    const activities = createExportActivities({
      crs: strictCrs({ exportRedisBackup: () => Promise.reject(error(11214, false)) }),
    });
    const failure = await failureOf(new MockActivityEnvironment().run(activities.startExportTask, target));
    expect(failure).toMatchObject({ type: 'CrsApiError', nonRetryable: true });
    expect(failure.details?.[0]).toMatchObject({
      code: 11214,
      name: 'OnlyClusterInstanceCanExportBackup',
      retryable: false,
      action: 'ExportRedisBackup',
    });
    expect((failure.details?.[0] as { message: string }).message).toContain('only cluster instances');
  });

  it('stays retryable for a retryable code, so Temporal retries it with backoff', async () => {
    const activities = createExportActivities({
      crs: strictCrs({ exportRedisBackup: () => Promise.reject(error(6000, true)) }),
    });
    const failure = await failureOf(new MockActivityEnvironment().run(activities.startExportTask, target));
    expect(failure.nonRetryable).toBe(false);
  });
});

describe('startExportTask on a retry', () => {
  it('carries on from a backup already exported instead of calling ExportRedisBackup again', async () => {
    const activities = createExportActivities({ crs: strictCrs({ listAllRedisBackups: backupWithStatus(4) }) });
    const started = await new MockActivityEnvironment({ attempt: 2 }).run(activities.startExportTask, target);
    expect(started).toEqual({ taskId: null, backupStatus: 4 });
  });
});

describe('fetchDownloadUrls', () => {
  it('gives the URLs an expiry 12 hours from now', async () => {
    const crs = strictCrs({
      getBackupDownloadUrl: async () => ({ intranet: 'http://10.0.0.1/x', extranet: 'http://203.0.113.1/x' }),
    });
    const activities = createExportActivities({ crs, now: () => new Date('2026-11-29T00:00:00.000Z') });
    const fetched = await new MockActivityEnvironment().run(activities.fetchDownloadUrls, {
      ...target,
      expectedFiles: null,
    });
    expect(fetched).toEqual({
      files: [
        {
          shard: 1,
          name: `${target.redisId}-${target.backupId}.rdb`,
          sizeBytes: null,
          intranetUrl: 'http://10.0.0.1/x',
          extranetUrl: 'http://203.0.113.1/x',
          expiresAt: '2026-11-29T12:00:00.000Z',
        },
      ],
    });
  });

  it('fails clearly, without retry, when Tencent lists fewer files than the backup has shards', async () => {
    const crs = strictCrs({
      getBackupDownloadUrl: async () => ({ intranet: 'http://10.0.0.1/x', extranet: 'http://203.0.113.1/x' }),
    });
    const failure = await failureOf(
      new MockActivityEnvironment().run(createExportActivities({ crs }).fetchDownloadUrls, {
        ...target,
        expectedFiles: 3,
      }),
    );
    expect(failure).toMatchObject({ type: 'ExportFilesMissing', nonRetryable: true });
    expect(failure.message).toContain('1 file(s)');
    expect(failure.message).toContain('3 shard(s)');
  });
});
