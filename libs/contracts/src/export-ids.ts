// Identifiers of an export. An export of a given backup has an ID derived from the backup, so one backup has
// one running export; an export of the newest (`latest`) or of a new (`new`) backup, whose backup is not known
// at the start, has an ID of its own: derived from the caller's Idempotency-Key, or random.
export const EXPORT_ID_PREFIX = 'export-';

/** redisId as Tencent issues them: `crs-` and 8 lowercase letters or digits. */
export const REDIS_ID_PATTERN = /^crs-[a-z0-9]{8}$/;

/** A v2 backupId (a UUID, as in the seed document) or a 3.0 one (digits, maybe in dash-separated groups). */
export const BACKUP_ID_PATTERN =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9]{1,32}(?:-[0-9]{1,32}){0,4})$/;

/** What POST /exports takes as backupId besides an ID: the newest downloadable backup, or a new one. */
export const BACKUP_SELECTORS = ['latest', 'new'] as const;
export type BackupSelector = (typeof BACKUP_SELECTORS)[number];

export function isBackupSelector(value: string): value is BackupSelector {
  return (BACKUP_SELECTORS as readonly string[]).includes(value);
}

/** The part of a selector export's ID after the selector: lowercase letters and digits. */
export const EXPORT_TOKEN_PATTERN = /^[a-z0-9]{16,32}$/;

/** The export of one given backup. */
export function exportIdFor(redisId: string, backupId: string): string {
  return `${EXPORT_ID_PREFIX}${redisId}-${backupId}`;
}

/** An export of `latest` or `new`: the token is derived from an Idempotency-Key, or random. */
export function selectorExportIdFor(redisId: string, selector: BackupSelector, token: string): string {
  return `${EXPORT_ID_PREFIX}${redisId}-${selector}-${token}`;
}

export type ParsedExportId =
  | { redisId: string; backupId: string; selector: null }
  | { redisId: string; backupId: null; selector: BackupSelector; token: string };

/** Reads an export ID back, so that a malformed one never reaches Temporal; null when it is not one of ours. */
export function parseExportId(exportId: string): ParsedExportId | null {
  if (!exportId.startsWith(EXPORT_ID_PREFIX)) return null;
  const rest = exportId.slice(EXPORT_ID_PREFIX.length);
  const redisId = rest.slice(0, 12);
  if (!REDIS_ID_PATTERN.test(redisId) || rest[12] !== '-') return null;
  const tail = rest.slice(13);
  for (const selector of BACKUP_SELECTORS) {
    if (tail.startsWith(`${selector}-`)) {
      const token = tail.slice(selector.length + 1);
      return EXPORT_TOKEN_PATTERN.test(token) ? { redisId, backupId: null, selector, token } : null;
    }
  }
  return BACKUP_ID_PATTERN.test(tail) ? { redisId, backupId: tail, selector: null } : null;
}
