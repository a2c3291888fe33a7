// The webhook event envelope `{ id, type, createdAt, data }`, the data each type carries, and its reader.
//
// `data` is what leaves the product for someone else's server: it never carries a download URL, a
// credential, a signing secret or anything else that grants access. The builders (event-builders.ts)
// take only fields that are safe to send, so that nothing else can slip in from a status object.

export const WEBHOOK_EVENT_TYPES = [
  'export.succeeded',
  'export.failed',
  'export.cancelled',
  'batch.succeeded',
  'batch.failed',
  'batch.cancelled',
  'schedule.run.succeeded',
  'schedule.run.failed',
  'schedule.run.cancelled',
  'test',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** How something that ran ended: the last word of its event types. */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Why an export ended failed, as the export resource shows it (messages with URLs shortened to their host). */
export type EventExportError = {
  type: string | null;
  code: string | number;
  name: string;
  message: string;
  retryable: boolean;
};

export type ExportEventData = {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string | null;
  state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  /** When the backup started (ISO-8601), once known. */
  backupStartedAt: string | null;
  shardCount: number | null;
  /** Where the archive is (its directory and manifest): locations in the user's storage, no download URL. */
  archive: { location: string; state: string; manifest: string | null } | null;
  error: EventExportError | null;
  cancelReason: string | null;
  /** The batch the export ran in, if any. */
  batchId: string | null;
  startedAt: string;
  finishedAt: string;
  webUiUrl: string | null;
};

/** One failed instance of a batch. */
export type EventBatchFailure = {
  redisId: string;
  exportId: string;
  code: string | number;
  name: string;
  message: string;
};

export type BatchSummaryData = {
  /** Instances in the batch. */
  total: number;
  /** Exports by state, e.g. `{ "SUCCEEDED": 180, "FAILED": 20 }`. */
  counts: { [state: string]: number };
  /** The first MAX_EVENT_FAILURES failures; the rest are counted in failuresOmitted. */
  failures: EventBatchFailure[];
  failuresOmitted: number;
  destination: string | null;
  startedAt: string;
  finishedAt: string;
  webUiUrl: string | null;
};

export type BatchEventData = BatchSummaryData & {
  batchId: string;
  outcome: RunOutcome;
  scheduleId: string | null;
};

/** What pruning did after a schedule run (counts only: the report itself is in the API). */
export type EventRetentionSummary = { dryRun: boolean; deleted: number; kept: number; failed: number };

export type ScheduleRunEventData = BatchSummaryData & {
  scheduleId: string;
  batchId: string;
  outcome: RunOutcome;
  /** The run's nominal time (the schedule's spec), ISO-8601. */
  scheduledAt: string;
  retention: EventRetentionSummary | null;
};

export type TestEventData = { message: string; endpoint: string };

interface Envelope<T extends WebhookEventType, D extends JsonObject> {
  /** Unique and stable: every delivery (and redelivery) of one event carries the same id. */
  id: string;
  type: T;
  /** When the event happened (ISO-8601), not when it was sent. */
  createdAt: string;
  data: D;
}

export type ExportEvent = Envelope<'export.succeeded' | 'export.failed' | 'export.cancelled', ExportEventData>;
export type BatchEvent = Envelope<'batch.succeeded' | 'batch.failed' | 'batch.cancelled', BatchEventData>;
export type ScheduleRunEvent = Envelope<
  'schedule.run.succeeded' | 'schedule.run.failed' | 'schedule.run.cancelled',
  ScheduleRunEventData
>;
export type TestEvent = Envelope<'test', TestEventData>;

export type WebhookEvent = ExportEvent | BatchEvent | ScheduleRunEvent | TestEvent;

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The event of a (verified) body, or the reason it is not one. Checks the envelope (id, a known type, an
 * ISO time, an object as data); the data of a signed body is ours and is not checked field by field.
 */
export function parseWebhookEvent(body: string): { event: WebhookEvent } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { problem: 'the body is not JSON' };
  }
  if (!isJsonObject(value)) return { problem: 'the body is not a JSON object' };
  const { id, type, createdAt, data } = value;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) return { problem: 'id is not a string' };
  if (!isWebhookEventType(type)) return { problem: 'type is not a known event type' };
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    return { problem: 'createdAt is not an ISO-8601 time' };
  }
  if (!isJsonObject(data)) return { problem: 'data is not a JSON object' };
  // The envelope is checked; the data's shape is the signer's (this library's builders).
  return { event: { id, type, createdAt, data } as WebhookEvent };
}
