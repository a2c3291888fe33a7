// The shape of an export as the workflow reports it (query `exportStatus`, result, failure details).
import type { ExportFailureType } from './export-failures';
import type { ExportState } from './export-state';
import type { ExportTarget } from './export-target';

/** Download URLs of an exported backup; Tencent keeps them valid for 12 hours. */
export interface DownloadUrls {
  intranet: string;
  extranet: string;
  /** ISO-8601 instant after which the URLs must be fetched again. */
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

/** Everything known about one export; returned by the `exportStatus` query and as the workflow result. */
export interface ExportStatus extends ExportTarget {
  exportId: string;
  state: ExportState;
  /** Tencent task id (`data.requestId` of ExportRedisBackup); null before the export call or when it was lost. */
  taskId: number | null;
  /** Last DescribeTaskInfo status seen: 0 queued, 1 running, 2 succeeded, 3 failed, -1 error. */
  taskStatus: number | string | null;
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
export function initialExportStatus(ids: ExportTarget & { exportId: string }, startedAt: string): ExportStatus {
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
