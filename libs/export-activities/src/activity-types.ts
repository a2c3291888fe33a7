// Inputs and outputs of the export activities, shared with the workflow as types only.
import type { DownloadRestriction, ExportBackup, ExportFile, ExportTarget } from '@crs-export/contracts';

/** Backup statuses from which an export can go on: 2 exportable, 3 being exported, 4 exported. */
export type ExportableBackupStatus = 2 | 3 | 4;

export interface ValidatedExport {
  /** Of the backup asked for (an ID or `latest`); null for a `new` backup, which does not exist yet. */
  backupStatus: ExportableBackupStatus | null;
  /**
   * Whether the export call (v2 ExportRedisBackup) must run before the backup has download URLs. Absent in
   * histories recorded by the first version, which spoke v2 only: true.
   */
  needsExportStep?: boolean;
  /** The backup (resolved for `latest`), with what the instance says of its files; null for `new`. */
  backup?: ExportBackup | null;
}

export interface NewBackupRequest extends ExportTarget {
  /** The export's own ID goes into Tencent's Remark: how the new backup is recognised. */
  exportId: string;
  remark?: string;
  storageDays?: number;
}

export interface NewBackupTask {
  taskId: number;
  /** The Remark sent with ManualBackupInstance (the backup is found by it). */
  remark: string;
  /** ISO-8601, a margin before the call: the backup's start time is at or after it. */
  startedAfter: string;
}

export interface CreatedBackupLookup extends ExportTarget, NewBackupTask {}

/**
 * What the export call left behind: a task to poll, or (when the backup was already being exported or
 * exported, e.g. after a lost response) no task id and the backup status to carry on from.
 */
export type ExportTaskStart = { taskId: number; backupStatus: null } | { taskId: null; backupStatus: 3 | 4 };

export interface TaskPollTarget {
  region: string;
  taskId: number;
}

/** A finished wait: `polls` is the attempt number of the poll that saw the end. */
export interface FinishedWait {
  polls: number;
  /** Last task status (Tencent's own), or null when the wait watched the backup status instead. */
  taskStatus: number | string | null;
}

/** details[1] of the failures a poll throws (pending, failed): how far the wait got. */
export interface PollProgress {
  polls: number;
  taskStatus: number | string | null;
  backupStatus: number | null;
}

export interface BackupFilesRequest extends ExportTarget {
  /** Files to expect (one per shard); fewer fails the export. Null: whatever Tencent lists. */
  expectedFiles: number | null;
  restriction?: DownloadRestriction;
}

export interface BackupFiles {
  files: ExportFile[];
}
