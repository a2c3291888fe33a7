// What an export works on and how it is started: one definition for the API, the client, the workflow,
// the activities, the CLI and the suites.
import type { DownloadRestriction } from './crs-backend';

/**
 * Which backup of which instance, in which region. `backupId` is a backup's ID, or (in an export's input
 * only) a selector, `latest` or `new`, that the workflow resolves. Holds no secret.
 */
export interface ExportTarget {
  redisId: string;
  backupId: string;
  region: string;
}

/** How the wait for a Tencent task polls; the starter fills in the deployment's defaults. */
export interface PollingPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Overall deadline of the export's waits, from their first poll. */
  deadlineMs: number;
}

export const DEFAULT_POLLING_POLICY: PollingPolicy = {
  initialIntervalMs: 2_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
  deadlineMs: 6 * 60 * 60 * 1000,
};

/** The options of a `new` backup (ManualBackupInstance). */
export interface NewBackupOptions {
  /** Shown in Tencent's console; crs-export appends the export ID, which is how it finds the backup again. */
  remark?: string;
  /** Days Tencent keeps the backup (0 or absent: the account's default). */
  storageDays?: number;
}

/** Input of the `exportRedisBackup` workflow. */
export interface ExportInput extends ExportTarget {
  polling?: Partial<PollingPolicy>;
  /** With backupId `new`. */
  newBackup?: NewBackupOptions;
  /** Where the download URLs may be used from (3.0); absent: the account's regional setting. */
  downloadRestriction?: DownloadRestriction;
  /**
   * Where the files are archived (`file:///dir` or `s3://bucket/prefix`), one of the deployment's allowed
   * destinations; absent: no archive, the export hands back the download URLs only.
   */
  destination?: string;
  /** Webhook endpoints told when the export ends. */
  notify?: NotifySettings;
  /** The batch this export belongs to, if any. */
  batchId?: string;
}

/** Who is told when something ends: webhook endpoints by configured name (never URLs or secrets). */
export interface NotifySettings {
  endpoints: string[];
  /** Which ends are told; absent: all three. */
  on?: ('SUCCEEDED' | 'FAILED' | 'CANCELLED')[];
  /** How long an event is retried against an endpoint that is down (default 24 hours). */
  deadlineMs?: number;
}
