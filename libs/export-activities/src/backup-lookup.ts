// Reads what Tencent knows about an instance and one of its backups, raising the code the export would get.
import type { CrsApi, RedisBackup, RedisInstance } from '@crs-export/crs-client';
import { CLUSTER_TYPE_ID } from '@crs-export/crs-client';
import type { ExportableBackupStatus, ExportTarget } from './activity-types';
import { validationFailure } from './validation-failure';

export async function findClusterInstance(crs: CrsApi, target: ExportTarget): Promise<RedisInstance> {
  const { redisSet } = await crs.describeRedis({ redisId: target.redisId, limit: 20, offset: 0 });
  const instance = redisSet.find((candidate) => candidate.redisId === target.redisId);
  if (!instance) {
    throw validationFailure(
      10701,
      `instance ${target.redisId} does not exist in region ${target.region}`,
      'DescribeRedis',
    );
  }
  if (instance.typeId !== CLUSTER_TYPE_ID) {
    const message = `instance ${target.redisId} is not a cluster instance (typeId ${instance.typeId}); only cluster backups are exported`;
    throw validationFailure(11214, message, 'DescribeRedis');
  }
  return instance;
}

export async function findBackup(crs: CrsApi, target: ExportTarget): Promise<RedisBackup> {
  const backups = await crs.listAllRedisBackups({ redisId: target.redisId });
  const backup = backups.find((candidate) => candidate.backupId === target.backupId);
  if (!backup) {
    const message = `backup ${target.backupId} of ${target.redisId} does not exist (only the last 7 days are listed)`;
    throw validationFailure(11213, message, 'GetRedisBackupList');
  }
  return backup;
}

export function isExportableStatus(status: number): status is ExportableBackupStatus {
  return status === 2 || status === 3 || status === 4;
}

/** 2 can be exported; 3 and 4 mean an export already happened (ours, its response lost, or an earlier one). */
export function exportableStatusOf(backup: RedisBackup): ExportableBackupStatus {
  if (isExportableStatus(backup.status)) return backup.status;
  const message = `backup ${backup.backupId} has status ${backup.status}; only a backup with status 2 can be exported`;
  throw validationFailure(10711, message, 'GetRedisBackupList');
}
