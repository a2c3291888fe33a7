// Notifications: one delivery workflow per event and endpoint, its attempts kept as a log the API shows.
// The sources are the safe parts of an export or a batch (never a download URL) that the event is built from.
import type { BatchStatus } from './batch';
import type { ExportStatus } from './export-status';

export const NOTIFICATION_ID_PREFIX = 'notify-';

/** The safe part of an ended export that its event is built from (no files, no URLs). */
export interface ExportEventSubject {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string;
  state: string;
  startedAt: string;
  finishedAt: string | null;
  backup: { startedAt: string; shardCount: number | null } | null;
  archive: { location: string; state: string; manifest: string | null } | null;
  error: { type?: string; code: string | number; name: string; message: string; retryable: boolean } | null;
  cancellation: { reason: string } | null;
}

export type NotificationSource =
  | { kind: 'export'; export: ExportEventSubject; runId: string; batchId: string | null }
  /** A batch's end; with its scheduleId set the event is the schedule run's. */
  | { kind: 'batch'; batch: BatchStatus; runId: string; scheduledAt: string | null }
  | { kind: 'test'; eventId: string; requestedAt: string };

export interface NotificationInput {
  /** The endpoint's configured name. */
  endpoint: string;
  source: NotificationSource;
  /** Give up after this long (WEBHOOK_DELIVERY_HOURS; default 24 hours). */
  deadlineMs?: number;
}

/** One attempt to deliver, as the activity saw it. */
export interface DeliveryAttempt {
  attempt: number;
  at: string;
  /** HTTP status; null without an answer (refused, timed out). */
  status: number | null;
  outcome: 'delivered' | 'retry' | 'rejected';
  /** A short line: the status and a redacted snippet of the answer, or what went wrong. */
  detail: string;
  durationMs: number;
}

export const DELIVERY_STATES = ['DELIVERING', 'DELIVERED', 'REJECTED', 'GAVE_UP', 'CANCELLED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A delivery's log: the deliverNotification workflow's query answer and result. */
export interface NotificationDelivery {
  deliveryId: string;
  endpoint: string;
  /** The event's id and type, once the first attempt built it. */
  eventId: string | null;
  eventType: string | null;
  /** The export or batch the event is about (null for a test). */
  subjectId: string | null;
  state: DeliveryState;
  /** Every attempt up to the last MAX_LOGGED_ATTEMPTS; `attemptCount` counts them all. */
  attempts: DeliveryAttempt[];
  attemptCount: number;
  /** When the next attempt is due while DELIVERING. */
  nextAttemptAt: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export const MAX_LOGGED_ATTEMPTS = 50;

/** `notify-<subject>-<run>-<endpoint>`: one per event and endpoint, listed by its subject's prefix. */
export function notificationIdOf(subjectId: string, runId: string, endpoint: string): string {
  return `${NOTIFICATION_ID_PREFIX}${subjectId}-${runId.slice(0, 8)}-${endpoint}`;
}

/** The id of a source's subject: the export or batch it is about, null for a test. */
export function subjectIdOf(source: NotificationSource): string | null {
  if (source.kind === 'export') return source.export.exportId;
  if (source.kind === 'batch') return source.batch.batchId;
  return null;
}

/** What an ended export's event may say: its ids, backup, archive location, error; never its files' URLs. */
export function exportSubjectOf(status: ExportStatus): ExportEventSubject {
  return {
    exportId: status.exportId,
    redisId: status.redisId,
    backupId: status.backupId,
    region: status.region,
    state: status.state,
    startedAt: status.startedAt,
    finishedAt: status.finishedAt,
    backup: status.backup ? { startedAt: status.backup.startedAt, shardCount: status.backup.shardCount } : null,
    archive: status.archive
      ? { location: status.archive.location, state: status.archive.state, manifest: status.archive.manifest }
      : null,
    error: status.error
      ? {
          ...(status.error.type ? { type: status.error.type } : {}),
          code: status.error.code,
          name: status.error.name,
          message: status.error.message,
          retryable: status.error.retryable,
        }
      : null,
    cancellation: status.cancellation ? { reason: status.cancellation.reason } : null,
  };
}
