// Reads what Tencent knows about an instance and one of its backups, raising the code the export would get.
import type { BackupInfo, BackupRef, CrsBackend, CrsCallOptions, RedisInstanceInfo } from '@crs-export/contracts';
import { validationFailure } from './activity-failure';
import type { ExportableBackupStatus } from './activity-types';

export async function findExportableInstance(
  backend: CrsBackend,
  ref: BackupRef,
  options?: CrsCallOptions,
): Promise<RedisInstanceInfo> {
  const action = backend.apiVersion === 2 ? 'DescribeRedis' : 'DescribeInstances';
  const instance = await backend.findInstance(ref, options);
  if (!instance) {
    const message = `instance ${ref.redisId} does not exist in region ${ref.region}`;
    throw validationFailure('instanceNotFound', backend.apiVersion, message, action);
  }
  if (instance.architecture !== 'cluster' && !backend.exportsStandardInstances) {
    const message = `instance ${ref.redisId} is not a cluster instance (${instance.architecture}); only cluster backups are exported`;
    throw validationFailure('notCluster', backend.apiVersion, message, action);
  }
  return instance;
}

export async function findExistingBackup(
  backend: CrsBackend,
  ref: BackupRef,
  options?: CrsCallOptions,
): Promise<BackupInfo> {
  const backup = await backend.findBackup(ref, options);
  if (!backup) {
    const message = `backup ${ref.backupId} of ${ref.redisId} does not exist (only the last 7 days are listed)`;
    throw validationFailure('backupNotFound', backend.apiVersion, message, listAction(backend));
  }
  return backup;
}

function listAction(backend: CrsBackend): string {
  return backend.apiVersion === 2 ? 'GetRedisBackupList' : 'DescribeInstanceBackups';
}

export function isExportableStatus(status: number): status is ExportableBackupStatus {
  return status === 2 || status === 3 || status === 4;
}

/** 2 can be exported; 3 and 4 mean an export already happened (ours, its response lost, or an earlier one). */
export function exportableStatusOf(backend: CrsBackend, backup: BackupInfo): ExportableBackupStatus {
  if (isExportableStatus(backup.status)) return backup.status;
  const message = `backup ${backup.backupId} has status ${backup.status}; only a backup with status 2 can be exported`;
  throw validationFailure('backupStatusInvalid', backend.apiVersion, message, listAction(backend));
}
