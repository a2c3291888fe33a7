// The answer readers: numbers that arrive as strings, the deprecated arrays, DecryptKey left behind, and
// answers that do not fit refused with the field named but never its value.
import { describe, expect, it } from 'vitest';
import { CrsApiError } from '@crs-export/contracts';
import {
  readDescribeBackupDetail,
  readDescribeBackupUrl,
  readDescribeInstanceBackups,
  readDescribeInstances,
  readDescribeTaskInfo,
  readManualBackupInstance,
} from './v3-results';

function failureOf(read: () => unknown): CrsApiError {
  try {
    read();
  } catch (error) {
    if (error instanceof CrsApiError) return error;
    throw error;
  }
  throw new Error('expected the reader to refuse the answer');
}

describe('3.0 result readers', () => {
  it('coerces a TaskId sent as a string, as an old doc example does', () => {
    expect(readManualBackupInstance({ TaskId: '6954227', RequestId: 'r-1' })).toEqual({
      TaskId: 6954227,
      RequestId: 'r-1',
    });
    expect(readManualBackupInstance({ TaskId: 6954227, RequestId: 'r-2' }).TaskId).toBe(6954227);
  });

  it('coerces string numbers and booleans of instances and backups', () => {
    const instances = readDescribeInstances({
      TotalCount: '1',
      InstanceSet: [
        {
          InstanceId: 'crs-a',
          InstanceName: 'a',
          Status: '2',
          Type: '18',
          ProductType: 'cluster',
          RedisShardNum: '3',
          Size: '3072.5',
        },
      ],
      RequestId: 'r',
    });
    expect(instances.TotalCount).toBe(1);
    expect(instances.InstanceSet[0]).toMatchObject({
      Status: 2,
      Type: 18,
      RedisShardNum: 3,
      Size: 3072.5,
      Engine: null,
    });

    const backups = readDescribeInstanceBackups({
      TotalCount: 1,
      BackupSet: [
        {
          BackupId: 'b-1',
          StartTime: '2026-11-28 03:00:00',
          BackupType: 0,
          Status: '4',
          Encrypted: 'true',
          BackupSize: '65536',
        },
      ],
    });
    expect(backups.BackupSet[0]).toMatchObject({
      BackupType: '0',
      Status: 4,
      Encrypted: true,
      BackupSize: 65536,
      Remark: '',
    });
    expect(backups.RequestId).toBe('');
  });

  it('takes TotalCount from the list when the answer leaves it out, and an absent list as empty', () => {
    expect(readDescribeInstanceBackups({ BackupSet: null }).TotalCount).toBe(0);
    expect(readDescribeInstances({ InstanceSet: [{ InstanceId: 'crs-a', Status: 2 }] }).TotalCount).toBe(1);
  });

  it('reads BackupInfos in order when the answer has them', () => {
    const answer = readDescribeBackupUrl({
      BackupInfos: [
        { FileName: 'f-1.rdb', FileSize: 10, DownloadUrl: 'https://cos/1', InnerDownloadUrl: 'https://inner/1' },
        { FileName: 'f-2.rdb', FileSize: '20', DownloadUrl: 'https://cos/2', InnerDownloadUrl: 'https://inner/2' },
      ],
      DownloadUrl: ['https://old/1', 'https://old/2'],
      RequestId: 'r',
    });
    expect(answer.fromDeprecatedArrays).toBe(false);
    expect(answer.BackupInfos.map((file) => [file.FileName, file.FileSize, file.DownloadUrl])).toEqual([
      ['f-1.rdb', 10, 'https://cos/1'],
      ['f-2.rdb', 20, 'https://cos/2'],
    ]);
  });

  it('falls back to the deprecated arrays of an older answer, position by position, without sizes', () => {
    const answer = readDescribeBackupUrl({
      DownloadUrl: ['https://cos/1', 'https://cos/2'],
      InnerDownloadUrl: ['https://inner/1', 'https://inner/2'],
      Filenames: ['f-1.rdb', 'f-2.rdb'],
      RequestId: 'r',
    });
    expect(answer.fromDeprecatedArrays).toBe(true);
    expect(answer.BackupInfos).toEqual([
      { FileName: 'f-1.rdb', FileSize: null, DownloadUrl: 'https://cos/1', InnerDownloadUrl: 'https://inner/1' },
      { FileName: 'f-2.rdb', FileSize: null, DownloadUrl: 'https://cos/2', InnerDownloadUrl: 'https://inner/2' },
    ]);
  });

  it('falls back to the deprecated arrays when BackupInfos is null, and gives no files when both are empty', () => {
    expect(
      readDescribeBackupUrl({ BackupInfos: null, DownloadUrl: ['https://cos/1'], Filenames: null }).BackupInfos,
    ).toEqual([{ FileName: '', FileSize: null, DownloadUrl: 'https://cos/1', InnerDownloadUrl: '' }]);
    expect(
      readDescribeBackupUrl({ BackupInfos: [], DownloadUrl: [], InnerDownloadUrl: [], Filenames: [] }).BackupInfos,
    ).toEqual([]);
  });

  it('never keeps the DecryptKey of an encrypted backup', () => {
    const key = 'rFGxk4EbWn2ojNbhTOMVdjdtEkVwFNk82OBnFUHRFAY=';
    const detail = readDescribeBackupDetail({
      BackupId: 'b-1',
      ShardNum: '3',
      Encrypted: true,
      DecryptKey: key,
      KmsKeyId: 'kms-1',
      KeyAlgorithm: 'AES-256-CBC',
      BackupSize: 1024,
    });
    expect(detail).toMatchObject({ ShardNum: 3, Encrypted: true, KeyAlgorithm: 'AES-256-CBC' });
    expect(Object.keys(detail)).not.toContain('DecryptKey');
    expect(JSON.stringify(detail)).not.toContain(key);
  });

  it('lower-cases the task status and keeps the TaskMessage', () => {
    expect(readDescribeTaskInfo({ Status: 'Failed', TaskMessage: '备份失败' })).toMatchObject({
      Status: 'failed',
      TaskMessage: '备份失败',
    });
    expect(readDescribeTaskInfo({ Status: 'running' }).TaskMessage).toBe('');
  });

  it('refuses an answer that does not fit, naming the field and the type, not the value', () => {
    const failure = failureOf(() =>
      readDescribeBackupUrl({ BackupInfos: [{ FileName: 'f', FileSize: 'https://secret.example/?sign=abc' }] }),
    );
    expect(failure.code).toBe('InvalidResponse');
    expect(failure.retryable).toBe(false);
    expect(failure.apiVersion).toBe(3);
    expect(failure.message).toContain('BackupInfos[0].FileSize: expected a number, got a string');
    expect(failure.message).not.toContain('secret.example');
  });

  it('refuses a listing whose backup has no BackupId or a list that is not one', () => {
    expect(
      failureOf(() => readDescribeInstanceBackups({ BackupSet: [{ StartTime: '2026-11-28 03:00:00', Status: 2 }] }))
        .message,
    ).toContain('BackupSet[0].BackupId: expected a string, got null');
    expect(failureOf(() => readDescribeInstances({ InstanceSet: {} })).message).toContain(
      'InstanceSet: expected an array',
    );
    expect(failureOf(() => readManualBackupInstance(null)).message).toContain('Response: expected an object, got null');
  });
});
