// Inputs and outputs of the export activities, shared with the workflow as types only.

/** Backup statuses from which an export can go on: 2 exportable, 3 being exported, 4 exported. */
export type ExportableBackupStatus = 2 | 3 | 4;

export interface ValidatedBackup {
  backupStatus: ExportableBackupStatus;
}

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
