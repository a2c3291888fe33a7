// Reads redisId and backupId back out of an export ID, so that malformed IDs never reach Temporal.
import { BACKUP_ID_PATTERN, EXPORT_ID_PREFIX, REDIS_ID_PATTERN } from '@crs-export/contracts';

const EXPORT_ID_PATTERN = new RegExp(
  `^${EXPORT_ID_PREFIX}(${REDIS_ID_PATTERN.source.slice(1, -1)})-(${BACKUP_ID_PATTERN.source.slice(1, -1)})$`,
);

export function parseExportId(exportId: string): { redisId: string; backupId: string } | null {
  const match = EXPORT_ID_PATTERN.exec(exportId);
  if (!match?.[1] || !match[2]) return null;
  return { redisId: match[1], backupId: match[2] };
}
