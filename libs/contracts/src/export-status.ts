// The shape of an export as the workflow reports it (query `exportStatus`, result, failure details).
import type { ExportFailureType } from './export-failures';
import type { ExportState } from './export-state';
import type { ExportTarget } from './export-target';

/** The download URLs the first version's fetchDownloadUrls returned: one v2 file (recorded histories hold it). */
export interface DownloadUrls {
  intranet: string;
  extranet: string;
  /** ISO-8601 instant after which the URLs must be fetched again. */
  expiresAt: string;
}

/** The backup an export gets out, once known (the resolved one for `latest` and `new`). */
export interface ExportBackup {
  backupId: string;
  /** 'manual', 'auto' or Tencent's own text. */
  type: string;
  /** ISO-8601. */
  startedAt: string;
  /** e.g. "Redis 7.0"; null where the API does not say (v2). */
  engine: string | null;
  /** The RDB format version its files carry; null where unknown. */
  rdbVersion: number | null;
  /** Files to expect (one per shard); null where unknown (v2 gives one file). */
  shardCount: number | null;
  encrypted: boolean | null;
}

/** One RDB file of the backup: a cluster backup has one per shard. URLs are bearer secrets. */
export interface ExportFile {
  /** 1-based, in the order Tencent lists the files. */
  shard: number;
  name: string;
  /** Tencent's size; null where the API gives none (v2). */
  sizeBytes: number | null;
  intranetUrl: string;
  extranetUrl: string;
  /** ISO-8601 instant after which the URLs must be fetched again (3.0: 6 hours; v2: 12). */
  expiresAt: string;
}

/**
 * Why an export failed, in the one shape it keeps from the activity to the export resource. `code` is
 * Tencent's code where Tencent gave one (a v2 number, a 3.0 string such as `ResourceNotFound.InstanceNotExists`),
 * or the name of one of our own failures (`ExportTaskTimedOut`, `ExportTaskFailed`, ...).
 */
export interface ExportError {
  /** Which kind of failure (contracts' EXPORT_FAILURES); absent in exports recorded before it existed. */
  type?: ExportFailureType;
  code: number | string;
  name: string;
  message: string;
  retryable: boolean;
  /** The CRS action that failed, when the failure came from a call. */
  action?: string;
}

/** Tencent has no call that stops a task: every cancellation says so. */
export const TENCENT_CANNOT_STOP_NOTE =
  'Tencent CRS has no call to stop an export task: a task already started runs on at Tencent and its backup may end up exported.';

export interface ExportCancellation {
  reason: string;
  requestedAt: string;
  /** Tencent has no call that stops an export task: a task already started runs on at Tencent. */
  note: string;
}

/** How the archive of one file stands. */
export type ArchiveFileState = 'PENDING' | 'TRANSFERRING' | 'VERIFIED' | 'FAILED';

export interface ArchiveFileStatus {
  shard: number;
  /** The object's name in the archive (`shard-<n>.rdb`). */
  name: string;
  state: ArchiveFileState;
  /** Bytes transferred and checked so far (while TRANSFERRING: as of the last heartbeat). */
  bytesDone: number;
  sizeBytes: number | null;
  /** Once VERIFIED. */
  sha256: string | null;
  rdbVersion: number | null;
  /** Keys the file holds, once VERIFIED. */
  keys: number | null;
}

/**
 * The copy of the backup's files in storage the user owns: `COMPLETE` once every file passed its checks and
 * the manifest is written (its presence is what makes an archive complete); `ALREADY_ARCHIVED` when a complete
 * archive of the backup was there already.
 */
export interface ExportArchive {
  /** The archive's own directory, e.g. s3://backups/prod/crs-j30wibe7/20261128T030000Z-678.../ */
  location: string;
  state: 'PENDING' | 'ARCHIVING' | 'COMPLETE' | 'ALREADY_ARCHIVED' | 'FAILED';
  bytesDone: number;
  bytesTotal: number | null;
  files: ArchiveFileStatus[];
  /** Where manifest.json is, once written. */
  manifest: string | null;
}

/** Everything known about one export; returned by the `exportStatus` query and as the workflow result. */
export interface ExportStatus extends ExportTarget {
  exportId: string;
  /** What was asked for: a backup ID, `latest` or `new`. `backupId` is the resolved ID once known. */
  requestedBackup: string;
  state: ExportState;
  /** Tencent task id (v2 ExportRedisBackup's requestId, or ManualBackupInstance's TaskId); null when there is none. */
  taskId: number | null;
  /** Last DescribeTaskInfo status seen: v2 0 queued, 1 running, 2 succeeded, 3 failed, -1 error; 3.0 its words. */
  taskStatus: number | string | null;
  /** DescribeTaskInfo calls made so far. */
  polls: number;
  backup: ExportBackup | null;
  files: ExportFile[] | null;
  /** Null when the export has no destination (it then hands back the download URLs only). */
  archive: ExportArchive | null;
  error: ExportError | null;
  cancellation: ExportCancellation | null;
  /** When each state began (ISO-8601), in the order they were entered. */
  stateEnteredAt: Partial<Record<ExportState, string>>;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** An export as it stands the moment it starts: the workflow's first state, and the API's answer to a start. */
export function initialExportStatus(ids: ExportTarget & { exportId: string }, startedAt: string): ExportStatus {
  return {
    ...ids,
    requestedBackup: ids.backupId,
    state: 'VALIDATING',
    taskId: null,
    taskStatus: null,
    polls: 0,
    backup: null,
    files: null,
    archive: null,
    error: null,
    cancellation: null,
    stateEnteredAt: { VALIDATING: startedAt },
    startedAt,
    updatedAt: startedAt,
    finishedAt: null,
  };
}

/**
 * An ExportStatus as the current contract shapes it, also one recorded by the first version (which had one
 * `download` instead of `files`, and neither `backup` nor `requestedBackup`).
 */
export function normalizeExportStatus(status: ExportStatus & { download?: DownloadUrls | null }): ExportStatus {
  const { download, ...rest } = status;
  const files =
    rest.files ??
    (download
      ? [
          {
            shard: 1,
            name: `${rest.redisId}-${rest.backupId}.rdb`,
            sizeBytes: null,
            intranetUrl: download.intranet,
            extranetUrl: download.extranet,
            expiresAt: download.expiresAt,
          },
        ]
      : null);
  return {
    ...rest,
    requestedBackup: rest.requestedBackup ?? rest.backupId,
    backup: rest.backup ?? null,
    files,
    archive: rest.archive ?? null,
  };
}
