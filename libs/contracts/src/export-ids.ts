// Identifiers of an export: the workflow ID is derived from the backup, so one backup has one running export.
export const EXPORT_ID_PREFIX = 'export-';

export function exportIdFor(redisId: string, backupId: string): string {
  return `${EXPORT_ID_PREFIX}${redisId}-${backupId}`;
}

/** redisId as Tencent issues them: `crs-` and 8 lowercase letters or digits. */
export const REDIS_ID_PATTERN = /^crs-[a-z0-9]{8}$/;
/** backupId as in the seed document: a UUID such as 3a07b27e-f744-11e6-babc-525400082493. */
export const BACKUP_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
