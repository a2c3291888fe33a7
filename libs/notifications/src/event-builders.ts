// Builders of the export, batch, schedule-run and test events from plain data. Each copies only the fields
// it names (never a spread), so a status object handed in whole cannot leak its download URLs.
import { createHash, randomUUID } from 'node:crypto';
import { WebhookEventError } from './notification-errors';
import { oneLine, redactUrls, safeLocation } from './text-redaction';
import type {
  BatchEvent,
  BatchSummaryData,
  EventBatchFailure,
  EventExportError,
  EventRetentionSummary,
  ExportEvent,
  RunOutcome,
  ScheduleRunEvent,
  TestEvent,
} from './webhook-event';

/** Failures listed in a batch or schedule-run event; a 5,000-instance batch counts the rest. */
export const MAX_EVENT_FAILURES = 100;
/** Longest error message an event carries. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * `evt_` and 32 hex digits derived from what the event is about: building it again (an activity retried, a
 * delivery repeated) gives the same id, and two different events never share one.
 */
export function webhookEventId(parts: readonly string[]): string {
  return `evt_${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}

function isoTime(what: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new WebhookEventError(`${what} ${JSON.stringify(value)} is not an ISO-8601 time`);
  return new Date(ms).toISOString();
}

function safeMessage(message: string): string {
  return oneLine(redactUrls(message), MAX_MESSAGE_LENGTH);
}

function optionalLocation(location: string | null | undefined): string | null {
  return location ? safeLocation(location) : null;
}

/** The safe part of an export as the workflow reports it (contracts' ExportStatus has these fields). */
export interface ExportEventSource {
  exportId: string;
  redisId: string;
  backupId: string;
  region?: string | null;
  /** Must be an end: SUCCEEDED, FAILED or CANCELLED. */
  state: string;
  startedAt: string;
  /** When it ended; the event's createdAt. */
  finishedAt: string | null;
  backup?: { startedAt: string; shardCount: number | null } | null;
  archive?: { location: string; state: string; manifest: string | null } | null;
  error?: { type?: string; code: string | number; name: string; message: string; retryable: boolean } | null;
  cancellation?: { reason: string } | null;
}

export interface ExportEventInput {
  exportStatus: ExportEventSource;
  /** Temporal run id of the execution that ended: an export run again under the same id is a new event. */
  runId: string;
  batchId?: string | null;
  webUiUrl?: string | null;
}

const EXPORT_END_STATES = { SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELLED: 'cancelled' } as const;

function isExportEndState(state: string): state is keyof typeof EXPORT_END_STATES {
  return Object.prototype.hasOwnProperty.call(EXPORT_END_STATES, state);
}

export function buildExportEvent(input: ExportEventInput): ExportEvent {
  const status = input.exportStatus;
  if (!isExportEndState(status.state)) {
    throw new WebhookEventError(`export ${status.exportId} is ${status.state}: only an ended export has an event`);
  }
  if (!status.finishedAt) throw new WebhookEventError(`export ${status.exportId} has no finishedAt`);
  const type = `export.${EXPORT_END_STATES[status.state]}` as const;
  const error: EventExportError | null = status.error
    ? {
        type: status.error.type ?? null,
        code: status.error.code,
        name: status.error.name,
        message: safeMessage(status.error.message),
        retryable: status.error.retryable,
      }
    : null;
  return {
    id: webhookEventId([type, status.exportId, input.runId]),
    type,
    createdAt: isoTime('finishedAt', status.finishedAt),
    data: {
      exportId: status.exportId,
      redisId: status.redisId,
      backupId: status.backupId,
      region: status.region ?? null,
      state: status.state,
      backupStartedAt: status.backup ? status.backup.startedAt : null,
      shardCount: status.backup ? status.backup.shardCount : null,
      archive: status.archive
        ? {
            location: safeLocation(status.archive.location),
            state: status.archive.state,
            manifest: optionalLocation(status.archive.manifest),
          }
        : null,
      error,
      cancelReason: status.cancellation ? safeMessage(status.cancellation.reason) : null,
      batchId: input.batchId ?? null,
      startedAt: isoTime('startedAt', status.startedAt),
      finishedAt: isoTime('finishedAt', status.finishedAt),
      webUiUrl: input.webUiUrl ?? null,
    },
  };
}

/** One failed instance as the batch reports it. */
export interface BatchFailureSource {
  redisId: string;
  exportId: string;
  code: string | number;
  name?: string;
  message?: string;
}

/** What a batch and a schedule run both report. */
export interface BatchSummarySource {
  total: number;
  counts: Readonly<Record<string, number>>;
  failures?: readonly BatchFailureSource[];
  destination?: string | null;
  startedAt: string;
  finishedAt: string;
  webUiUrl?: string | null;
}

function batchSummary(source: BatchSummarySource): BatchSummaryData {
  const failures = source.failures ?? [];
  const listed: EventBatchFailure[] = failures.slice(0, MAX_EVENT_FAILURES).map((failure) => ({
    redisId: failure.redisId,
    exportId: failure.exportId,
    code: failure.code,
    name: failure.name ?? String(failure.code),
    message: safeMessage(failure.message ?? ''),
  }));
  const counts: Record<string, number> = {};
  for (const [state, count] of Object.entries(source.counts)) counts[state] = count;
  return {
    total: source.total,
    counts,
    failures: listed,
    failuresOmitted: failures.length - listed.length,
    destination: optionalLocation(source.destination),
    startedAt: isoTime('startedAt', source.startedAt),
    finishedAt: isoTime('finishedAt', source.finishedAt),
    webUiUrl: source.webUiUrl ?? null,
  };
}

export interface BatchEventInput extends BatchSummarySource {
  batchId: string;
  /** The batch's first run id: continue-as-new changes the run id, the batch stays one event. */
  runId: string;
  outcome: RunOutcome;
  scheduleId?: string | null;
}

export function buildBatchEvent(input: BatchEventInput): BatchEvent {
  const type = `batch.${input.outcome}` as const;
  const summary = batchSummary(input);
  return {
    id: webhookEventId([type, input.batchId, input.runId]),
    type,
    createdAt: summary.finishedAt,
    data: { batchId: input.batchId, outcome: input.outcome, scheduleId: input.scheduleId ?? null, ...summary },
  };
}

export interface ScheduleRunEventInput extends BatchSummarySource {
  scheduleId: string;
  /** The run's batch: one batch per run, so it names the run. */
  batchId: string;
  outcome: RunOutcome;
  scheduledAt: string;
  retention?: EventRetentionSummary | null;
}

export function buildScheduleRunEvent(input: ScheduleRunEventInput): ScheduleRunEvent {
  const type = `schedule.run.${input.outcome}` as const;
  const summary = batchSummary(input);
  return {
    id: webhookEventId([type, input.scheduleId, input.batchId]),
    type,
    createdAt: summary.finishedAt,
    data: {
      scheduleId: input.scheduleId,
      batchId: input.batchId,
      outcome: input.outcome,
      scheduledAt: isoTime('scheduledAt', input.scheduledAt),
      retention: input.retention
        ? {
            dryRun: input.retention.dryRun,
            deleted: input.retention.deleted,
            kept: input.retention.kept,
            failed: input.retention.failed,
          }
        : null,
      ...summary,
    },
  };
}

export interface TestEventInput {
  /** The endpoint the test is sent to. */
  endpointName: string;
  /** Defaults to a new random id: each test call is a new event (its redeliveries keep the id). */
  id?: string;
  now?: Date;
}

export function buildTestEvent(input: TestEventInput): TestEvent {
  return {
    id: input.id ?? `evt_${randomUUID().replace(/-/g, '')}`,
    type: 'test',
    createdAt: (input.now ?? new Date()).toISOString(),
    data: { message: 'a test event from crs-export', endpoint: input.endpointName },
  };
}
