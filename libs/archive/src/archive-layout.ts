// Where the files of one backup go under a destination: `<redisId>/<backup start, UTC>-<backupId>/`, with
// `shard-<n>.rdb` per file and `manifest.json` beside them; the start time sorts and is safe in any key.
import { ArchiveDestinationError } from './archive-errors';

export const MANIFEST_NAME = 'manifest.json';

/** Instance and backup ids as they go into keys: letters, digits, `.`, `_`, `-` (Tencent's ids are such). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** `20261128T030000Z`: the backup's start in UTC, to the second (ISO 8601 basic format). */
const STAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export interface ArchiveDirRef {
  redisId: string;
  backupId: string;
  /** When the backup started: an ISO-8601 time with its offset (Tencent's Beijing time converted) or a Date. */
  backupStartedAt: string | Date;
}

function checkedId(what: string, id: string): string {
  if (!ID_PATTERN.test(id) || id.includes('..')) {
    throw new ArchiveDestinationError(`${what} ${JSON.stringify(id)} cannot name an archive directory`);
  }
  return id;
}

/** `20261128T030000Z` for 2026-11-28T03:00:00Z (and for 2026-11-28T11:00:00+08:00): UTC, seconds. */
export function backupStamp(startedAt: string | Date): string {
  const time = typeof startedAt === 'string' ? new Date(startedAt) : startedAt;
  if (Number.isNaN(time.getTime())) {
    throw new ArchiveDestinationError(`backup start time ${JSON.stringify(String(startedAt))} is not a time`);
  }
  return time
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The ISO-8601 UTC time of a stamp (`2026-11-28T03:00:00Z`), or null when it is not one. */
export function parseBackupStamp(stamp: string): string | null {
  const match = STAMP_PATTERN.exec(stamp);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** The archive's directory below the destination: `crs-j30wibe7/20261128T030000Z-3a07b27e-…`. */
export function archiveDirOf(ref: ArchiveDirRef): string {
  return `${checkedId('redisId', ref.redisId)}/${backupStamp(ref.backupStartedAt)}-${checkedId('backupId', ref.backupId)}`;
}

export interface ParsedArchiveDir {
  redisId: string;
  backupId: string;
  /** ISO-8601 UTC. */
  backupStartedAt: string;
}

/** Reads `<redisId>/<stamp>-<backupId>` back; null for a path that is not an archive directory. */
export function parseArchiveDir(dir: string): ParsedArchiveDir | null {
  const [redisId, name, ...more] = dir.split('/');
  if (!redisId || !name || more.length > 0 || !ID_PATTERN.test(redisId)) return null;
  const stamp = name.slice(0, 16);
  const backupId = name.slice(17);
  const backupStartedAt = parseBackupStamp(stamp);
  if (!backupStartedAt || name[16] !== '-' || !ID_PATTERN.test(backupId)) return null;
  return { redisId, backupId, backupStartedAt };
}

/** `shard-1.rdb` for the first file: shards are numbered from 1, as Tencent lists them. */
export function shardObjectName(shard: number): string {
  if (!Number.isInteger(shard) || shard < 1) throw new ArchiveDestinationError(`shard ${shard} is not 1, 2, …`);
  return `shard-${shard}.rdb`;
}

/** `dir/name`, for keys inside an archive directory. */
export function keyIn(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
