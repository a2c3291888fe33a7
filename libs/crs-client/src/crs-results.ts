// Turns the `data` of each action's success answer into the typed results of CrsApi, coercing numeric strings.
import { coerceNumber, coerceNumericFields, coerceString, isRecord, type JsonRecord } from './coerce';
import { CrsApiError } from '@crs-export/contracts';
import type { BackupDownloadUrls, RedisBackup, RedisInstance, TaskInfo, TaskRef } from './crs-api';
import type { CrsSuccess } from './crs-envelope';

/** Integer fields of a DescribeRedis `redisSet` entry (reference §7.1). */
const INSTANCE_NUMBER_FIELDS = [
  'appid',
  'projectId',
  'regionId',
  'zoneId',
  'vpcId',
  'subnetId',
  'status',
  'port',
  'size',
  'sizeUsed',
  'typeId',
  'autoRenewFlag',
] as const;

export function readDescribeRedis(
  action: string,
  answer: CrsSuccess,
): { totalCount: number; redisSet: RedisInstance[] } {
  const redisSet = listOf(answer.data['redisSet']).map((raw) => {
    const entry = coerceNumericFields(raw, INSTANCE_NUMBER_FIELDS);
    return {
      ...entry,
      redisId: coerceString(entry['redisId']) ?? '',
      redisName: coerceString(entry['redisName']) ?? '',
      regionId: requireNumber(action, entry['regionId'], 'redisSet[].regionId'),
      typeId: requireNumber(action, entry['typeId'], 'redisSet[].typeId'),
      status: requireNumber(action, entry['status'], 'redisSet[].status'),
    };
  });
  return { totalCount: totalCountOf(answer, redisSet.length), redisSet };
}

export function readRedisBackupList(
  action: string,
  answer: CrsSuccess,
): { totalCount: number; redisBackupSet: RedisBackup[] } {
  const redisBackupSet = listOf(answer.data['redisBackupSet']).map((raw) => ({
    backupId: coerceString(raw['backupId']) ?? '',
    startTime: coerceString(raw['startTime']) ?? '',
    backupType: coerceString(raw['backupType']) ?? '',
    status: requireNumber(action, raw['status'], 'redisBackupSet[].status'),
    remark: coerceString(raw['remark']) ?? '',
    locked: coerceNumber(raw['locked']) ?? 0,
  }));
  return { totalCount: totalCountOf(answer, redisBackupSet.length), redisBackupSet };
}

/** `data.requestId` of ExportRedisBackup / ManualBackupInstance: the task id for DescribeTaskInfo. */
export function readTaskRef(action: string, answer: CrsSuccess): TaskRef {
  return { requestId: requireNumber(action, answer.data['requestId'], 'data.requestId') };
}

/** DescribeTaskInfo: documented as an Array in the table but an object in the example; accept both. */
export function readTaskInfo(action: string, answer: CrsSuccess): TaskInfo {
  const items = answer.data['items'];
  const data = Array.isArray(items) && isRecord(items[0]) ? items[0] : answer.data;
  return { status: requireNumber(action, data['status'], 'data.status') };
}

export function readDownloadUrls(action: string, answer: CrsSuccess): BackupDownloadUrls {
  const intranet = coerceString(answer.data['intranet']) ?? '';
  const extranet = coerceString(answer.data['extranet']) ?? '';
  if (intranet === '' && extranet === '') {
    throw CrsApiError.invalidResponse(action, 'the answer has neither data.intranet nor data.extranet', null);
  }
  return { intranet, extranet };
}

function listOf(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function totalCountOf(answer: CrsSuccess, fallback: number): number {
  return answer.totalCount ?? coerceNumber(answer.data['totalCount']) ?? fallback;
}

function requireNumber(action: string, value: unknown, field: string): number {
  const number = coerceNumber(value);
  if (number === undefined) {
    throw CrsApiError.invalidResponse(
      action,
      `${field} is not a number: ${JSON.stringify(value) ?? 'undefined'}`,
      null,
    );
  }
  return number;
}
