// The shape of an export as the workflow reports it (query `exportStatus`, result, failure details).
import type { ExportState } from './export-state';

/** Download URLs of an exported backup; Tencent keeps them valid for 12 hours. */
export interface DownloadUrls {
  intranet: string;
  extranet: string;
  /** ISO-8601 instant after which the URLs must be fetched again. */
  expiresAt: string;
}

/**
 * Why an export failed. `code` is Tencent's business or platform code (a number) where Tencent gave one,
 * or the name of one of our own failures (`ExportTaskTimedOut`, `ExportTaskFailed`, ...).
 */
export interface ExportError {
  code: number | string;
  name: string;
  message: string;
  retryable: boolean;
  /** The CRS action that failed, when the failure came from a call. */
  action?: string;
}

export interface ExportCancellation {
  reason: string;
  requestedAt: string;
  /** Tencent has no call that stops an export task: a task already started runs on at Tencent. */
  note: string;
}

/** How the wait for the Tencent task polls; the starter fills in the deployment's defaults. */
export interface PollingPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Overall deadline of the wait, from its first poll. */
  deadlineMs: number;
}

export const DEFAULT_POLLING_POLICY: PollingPolicy = {
  initialIntervalMs: 2_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
  deadlineMs: 6 * 60 * 60 * 1000,
};

/** Input of the `exportRedisBackup` workflow. Holds no secret: credentials live in the worker. */
export interface ExportInput {
  redisId: string;
  backupId: string;
  region: string;
  polling?: Partial<PollingPolicy>;
}

/** Everything known about one export; returned by the `exportStatus` query and as the workflow result. */
export interface ExportStatus {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string;
  state: ExportState;
  /** Tencent task id (`data.requestId` of ExportRedisBackup); null before the export call or when it was lost. */
  taskId: number | null;
  /** Last DescribeTaskInfo status seen: 0 queued, 1 running, 2 succeeded, 3 failed, -1 error. */
  taskStatus: number | null;
  /** DescribeTaskInfo calls made so far. */
  polls: number;
  download: DownloadUrls | null;
  error: ExportError | null;
  cancellation: ExportCancellation | null;
  /** When each state began (ISO-8601), in the order they were entered. */
  stateEnteredAt: Partial<Record<ExportState, string>>;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** An export as it stands the moment it starts: the workflow's first state, and the API's answer to a start. */
export function initialExportStatus(
  ids: Pick<ExportStatus, 'exportId' | 'redisId' | 'backupId' | 'region'>,
  startedAt: string,
): ExportStatus {
  return {
    ...ids,
    state: 'VALIDATING',
    taskId: null,
    taskStatus: null,
    polls: 0,
    download: null,
    error: null,
    cancellation: null,
    stateEnteredAt: { VALIDATING: startedAt },
    startedAt,
    updatedAt: startedAt,
    finishedAt: null,
  };
}
