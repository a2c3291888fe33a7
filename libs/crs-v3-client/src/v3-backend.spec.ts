// The adapter's own decisions, over a fake of the client: what the simulator does not vary (ProductType and
// Type disagreeing, unknown codes and statuses, a refused DescribeBackupDetail, clock skew on new backups).
import { describe, expect, it } from 'vitest';
import { CrsApiError } from '@crs-export/contracts';
import { formatBeijingTime } from './beijing-time';
import type { V3Backup, V3Instance } from './v3-actions';
import { createV3Backend } from './v3-backend';
import type { V3Api } from './v3-client';
import { v3ApiError } from './v3-errors';

const NOW = Date.UTC(2026, 11, 2, 3, 0, 0);

function instance(fields: Partial<V3Instance>): V3Instance {
  return {
    InstanceId: 'crs-a',
    InstanceName: 'a',
    Status: 2,
    Type: 18,
    ProductType: 'cluster',
    RedisShardNum: 3,
    RedisReplicasNum: 1,
    RedisShardSize: 1024,
    Size: 3072,
    Engine: 'Redis',
    CurrentRedisVersion: '7.0.15',
    Region: 'ap-guangzhou',
    ProductVersion: 'local',
    BackupMode: 'NormalLevelBackup',
    InstanceTags: [],
    ...fields,
  };
}

function backup(fields: Partial<V3Backup>): V3Backup {
  return {
    BackupId: 'b-1',
    StartTime: formatBeijingTime(NOW - 3600_000),
    EndTime: null,
    ExpireTime: null,
    BackupType: '0',
    Status: 2,
    Locked: 0,
    Remark: '',
    BackupSize: 1024,
    InstanceId: 'crs-a',
    InstanceName: 'a',
    Region: 'ap-guangzhou',
    FileType: 'RDB-Redis 7.0',
    Encrypted: false,
    ...fields,
  };
}

/** A client fake whose every action fails unless the test gives it an answer; it records the listings asked. */
function fakeClient(
  answers: Partial<Record<keyof V3Api, (request: never) => unknown>>,
): V3Api & { listings: unknown[] } {
  const listings: unknown[] = [];
  const answer =
    (name: keyof V3Api) =>
    async (request: never): Promise<never> => {
      if (name === 'describeInstanceBackups') listings.push(request);
      const respond = answers[name];
      if (!respond) throw new Error(`unexpected call of ${name}`);
      return (await respond(request)) as never;
    };
  return {
    listings,
    describeInstances: answer('describeInstances'),
    describeInstanceBackups: answer('describeInstanceBackups'),
    describeBackupDetail: answer('describeBackupDetail'),
    manualBackupInstance: answer('manualBackupInstance'),
    describeTaskInfo: answer('describeTaskInfo'),
    describeBackupUrl: answer('describeBackupUrl'),
    close: () => undefined,
  };
}

const REF = { region: 'gz', redisId: 'crs-a' };

describe('findInstance', () => {
  it('trusts ProductType when Type says otherwise, taking the shard count of a cluster', async () => {
    const client = fakeClient({
      describeInstances: () => ({
        TotalCount: 1,
        InstanceSet: [instance({ ProductType: 'cluster', Type: 17, RedisShardNum: 4 })],
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client).findInstance(REF)).toMatchObject({
      architecture: 'cluster',
      shardCount: 4,
      engine: 'Redis 7.0',
      rdbVersion: 10,
    });
  });

  it('gives a standard instance one shard, and takes the engine of an unknown Type from Engine and its version', async () => {
    const client = fakeClient({
      describeInstances: () => ({
        TotalCount: 1,
        InstanceSet: [
          instance({
            ProductType: 'standalone',
            Type: 99,
            RedisShardNum: 0,
            Engine: 'Redis',
            CurrentRedisVersion: '7.2.4',
          }),
        ],
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client).findInstance(REF)).toMatchObject({
      architecture: 'standard',
      shardCount: 1,
      engine: 'Redis 7.2',
      rdbVersion: null,
    });
  });

  it('says not running for any Status but 2', async () => {
    const client = fakeClient({
      describeInstances: () => ({ TotalCount: 1, InstanceSet: [instance({ Status: 1 })], RequestId: 'r' }),
    });
    expect(await createV3Backend(client).findInstance(REF)).toMatchObject({ status: 1, running: false });
  });

  it('ignores an entry for another instance', async () => {
    const client = fakeClient({
      describeInstances: () => ({ TotalCount: 1, InstanceSet: [instance({ InstanceId: 'crs-b' })], RequestId: 'r' }),
    });
    expect(await createV3Backend(client).findInstance(REF)).toBeNull();
  });
});

describe('describeTask', () => {
  it.each([
    ['preparing', 'pending', ''],
    ['running', 'pending', ''],
    ['succeed', 'succeeded', ''],
    ['failed', 'failed', 'disk full'],
    ['error', 'error', 'disk full'],
  ])('maps %s to %s', async (status, state, message) => {
    const client = fakeClient({
      describeTaskInfo: () => ({
        Status: status,
        TaskMessage: 'disk full',
        StartTime: null,
        TaskType: null,
        InstanceId: null,
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client).describeTask({ region: 'gz', taskId: 7 })).toEqual({
      state,
      tencentStatus: status,
      message,
    });
  });

  it('ends the wait on a status it does not know, as terraform does', async () => {
    const client = fakeClient({
      describeTaskInfo: () => ({
        Status: 'paused',
        TaskMessage: '',
        StartTime: null,
        TaskType: null,
        InstanceId: null,
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client).describeTask({ region: 'gz', taskId: 7 })).toEqual({
      state: 'error',
      tencentStatus: 'paused',
      message: 'unknown task status "paused"',
    });
  });
});

describe('findBackup', () => {
  it('walks the listing when DescribeBackupDetail is refused (no CAM permission for it)', async () => {
    const client = fakeClient({
      describeBackupDetail: () => {
        throw v3ApiError('DescribeBackupDetail', 'UnauthorizedOperation.NoCAMAuthed', 'no permission', 'r');
      },
      describeInstanceBackups: () => ({
        TotalCount: 1,
        BackupSet: [backup({ BackupId: 'b-1', BackupType: '2' })],
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client, { now: () => NOW }).findBackup({ ...REF, backupId: 'b-1' })).toMatchObject({
      backupId: 'b-1',
      type: '2',
    });
  });

  it('passes on a retryable failure of DescribeBackupDetail instead of guessing', async () => {
    const client = fakeClient({
      describeBackupDetail: () => {
        throw v3ApiError('DescribeBackupDetail', 'RequestLimitExceeded', 'slow down', 'r');
      },
    });
    const failure = await createV3Backend(client)
      .findBackup({ ...REF, backupId: 'b-1' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CrsApiError);
    expect((failure as CrsApiError).code).toBe('RequestLimitExceeded');
  });
});

describe('findCreatedBackup', () => {
  const startedAfter = new Date(NOW - 60_000).toISOString();

  it("allows Tencent's clock to run up to 5 minutes behind ours, no more", async () => {
    const client = fakeClient({
      describeInstanceBackups: () => ({
        TotalCount: 2,
        BackupSet: [
          backup({ BackupId: 'skewed', Remark: 'export-1', Status: 1, StartTime: formatBeijingTime(NOW - 4 * 60_000) }),
          backup({
            BackupId: 'too-old',
            Remark: 'export-1',
            Status: 2,
            StartTime: formatBeijingTime(NOW - 10 * 60_000),
          }),
        ],
        RequestId: 'r',
      }),
    });
    expect(
      await createV3Backend(client, { now: () => NOW }).findCreatedBackup(REF, { remark: 'export-1', startedAfter }),
    ).toMatchObject({
      backupId: 'skewed',
      status: 1,
    });
    expect(client.listings).toEqual([expect.objectContaining({ Status: [1, 2, 3, 4, -1, -2] })]);
  });

  it('prefers a manual backup with the remark, then the newest', async () => {
    const client = fakeClient({
      describeInstanceBackups: () => ({
        TotalCount: 3,
        BackupSet: [
          backup({ BackupId: 'auto-newest', Remark: 'export-2', BackupType: '1', StartTime: formatBeijingTime(NOW) }),
          backup({
            BackupId: 'manual-older',
            Remark: 'export-2',
            BackupType: '0',
            StartTime: formatBeijingTime(NOW - 30_000),
          }),
          backup({
            BackupId: 'manual-oldest',
            Remark: 'export-2',
            BackupType: '0',
            StartTime: formatBeijingTime(NOW - 50_000),
          }),
        ],
        RequestId: 'r',
      }),
    });
    expect(
      (await createV3Backend(client, { now: () => NOW }).findCreatedBackup(REF, { remark: 'export-2', startedAfter }))
        ?.backupId,
    ).toBe('manual-older');
  });
});

describe('backupFiles', () => {
  it('is not ready while any file has a FileSize of 0', async () => {
    const client = fakeClient({
      describeBackupUrl: () => ({
        BackupInfos: [
          { FileName: 'a', FileSize: 10, DownloadUrl: 'u', InnerDownloadUrl: 'i' },
          { FileName: 'b', FileSize: 0, DownloadUrl: 'u', InnerDownloadUrl: 'i' },
        ],
        fromDeprecatedArrays: false,
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client).backupFiles({ ...REF, backupId: 'b-1' })).toEqual({
      ready: false,
      reason: expect.stringContaining('FileSize of 0'),
    });
  });

  it("keeps Tencent's order and names, and names a file itself only where Tencent gave none", async () => {
    const client = fakeClient({
      describeBackupUrl: () => ({
        BackupInfos: [
          { FileName: 'x-2.rdb', FileSize: 5, DownloadUrl: 'https://e/2', InnerDownloadUrl: 'https://i/2' },
          { FileName: '', FileSize: null, DownloadUrl: 'https://e/1', InnerDownloadUrl: 'https://i/1' },
        ],
        fromDeprecatedArrays: false,
        RequestId: 'r',
      }),
    });
    expect(await createV3Backend(client).backupFiles({ ...REF, backupId: 'b-1' })).toEqual({
      ready: true,
      files: [
        { shard: 1, name: 'x-2.rdb', sizeBytes: 5, extranetUrl: 'https://e/2', intranetUrl: 'https://i/2' },
        { shard: 2, name: 'crs-a-b-1-2.rdb', sizeBytes: null, extranetUrl: 'https://e/1', intranetUrl: 'https://i/1' },
      ],
    });
  });

  it('is not ready when BackupStatusInvalid comes and the backup cannot be looked at', async () => {
    const client = fakeClient({
      describeBackupUrl: () => {
        throw v3ApiError('DescribeBackupUrl', 'ResourceUnavailable.BackupStatusInvalid', 'converting', 'r');
      },
      describeBackupDetail: () => {
        throw v3ApiError('DescribeBackupDetail', 'InternalError', 'oops', 'r');
      },
    });
    expect(await createV3Backend(client).backupFiles({ ...REF, backupId: 'b-1' })).toEqual({
      ready: false,
      reason: expect.stringContaining('ResourceUnavailable.BackupStatusInvalid'),
    });
  });
});
