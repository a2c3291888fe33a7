// Inputs and outputs of the export activities, shared with the workflow as types only.
import type {
  DownloadRestriction,
  ExportBackup,
  ExportFile,
  ExportTarget,
  RedisInstanceInfo,
} from '@crs-export/contracts';

/** Backup statuses from which an export can go on: 2 exportable, 3 being exported, 4 exported. */
export type ExportableBackupStatus = 2 | 3 | 4;

/** What an exported backup's description takes from its instance. */
export type InstanceFacts = Pick<RedisInstanceInfo, 'engine' | 'rdbVersion' | 'shardCount'>;

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
  /**
   * For `new`: what validation read of the instance, so that the new backup's lookup need not read it again.
   * Absent in histories recorded before it (the lookup then reads the instance).
   */
  instance?: InstanceFacts;
}

export interface NewBackupRequest extends ExportTarget {
  /** The export's own ID goes into Tencent's Remark: how the new backup is recognised. */
  exportId: string;
  remark?: string;
  storageDays?: number;
  /** Validation's facts of the instance, handed on to the lookup of the new backup. */
  instance?: InstanceFacts;
}

export interface NewBackupTask {
  taskId: number;
  /** The Remark sent with ManualBackupInstance (the backup is found by it). */
  remark: string;
  /** ISO-8601, a margin before the call: the backup's start time is at or after it. */
  startedAfter: string;
  /** The request's instance facts, echoed (absent in older histories). */
  instance?: InstanceFacts;
  /**
   * How long the task should take: the median duration of the instance's recent backups (ms); null when it has
   * none or the API gives no end times. Absent in older histories: the polls back off as they always did.
   */
  expectedDurationMs?: number | null;
  /** ISO-8601: when Tencent answered ManualBackupInstance, the task's start by our clock. */
  taskStartedAt?: string;
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
  /** Predictive polling (poll-schedule.ts): the task's expected duration (ms); absent or null: plain backoff. */
  expectedDurationMs?: number | null;
  /** ISO-8601: when the task started; needed with expectedDurationMs. */
  taskStartedAt?: string;
}

/**
 * A finished wait: `polls` is the attempt number of the poll that saw the end; with predictive polling, the
 * number of calls to Tencent (attempts that only waited for the estimate are not polls).
 */
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
