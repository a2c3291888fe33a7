// The notification activity: builds the event of an ended export, batch or schedule run (or a test) from the
// safe source the workflow hands in, and makes one signed delivery attempt; the workflow owns the retries, so
// that each attempt is one entry of the delivery log.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { BatchStatus, DeliveryAttempt, NotificationInput, NotificationSource } from '@crs-export/contracts';
import {
  buildBatchEvent,
  buildExportEvent,
  buildScheduleRunEvent,
  buildTestEvent,
  deliverWebhook,
  UnknownWebhookEndpointError,
  type RunOutcome,
  type WebhookEndpoints,
  type WebhookEvent,
} from '@crs-export/notifications';

export interface NotificationActivityDeps {
  endpoints: WebhookEndpoints;
  /** The Temporal Web UI's page of an execution, linked from the event; absent: no link. */
  webUiUrlOf?: (workflowId: string) => string;
  /** The HTTP client (tests may pass one that records); defaults to fetch. */
  fetch?: typeof fetch;
}

/** One attempt's result: what the log records, and what the endpoint asked for in Retry-After. */
export interface DeliveryAttemptResult {
  eventId: string;
  eventType: string;
  attempt: DeliveryAttempt;
  retryAfterMs: number | null;
}

/** The failure type of a delivery that cannot work whatever the retries (an endpoint not configured). */
export const NOTIFICATION_REJECTED_TYPE = 'NotificationRejected';

const OUTCOME_OF_STATE: Record<string, RunOutcome> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

function batchEvent(
  batch: BatchStatus,
  runId: string,
  scheduledAt: string | null,
  webUiUrl: string | null,
): WebhookEvent {
  const outcome = OUTCOME_OF_STATE[batch.state];
  if (!outcome) throw ApplicationFailure.nonRetryable(`batch ${batch.batchId} is ${batch.state}`, 'BatchNotEnded');
  const counts = Object.fromEntries(
    Object.entries(batch.counts).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
  const summary = {
    total: batch.total ?? 0,
    counts,
    failures: batch.failures.map((failure) => ({
      redisId: failure.redisId,
      exportId: failure.exportId,
      code: failure.error?.code ?? failure.state,
      name: failure.error?.name ?? failure.state,
      message: failure.error?.message ?? '',
    })),
    destination: batch.destination,
    startedAt: batch.startedAt,
    finishedAt: batch.finishedAt ?? batch.startedAt,
    webUiUrl,
  };
  if (batch.scheduleId) {
    return buildScheduleRunEvent({
      ...summary,
      scheduleId: batch.scheduleId,
      batchId: batch.batchId,
      outcome,
      scheduledAt: scheduledAt ?? batch.startedAt,
      retention: batch.retention
        ? {
            dryRun: batch.retention.dryRun,
            deleted: batch.retention.counts.deleted,
            kept: batch.retention.counts.kept,
            failed: batch.retention.counts.failed,
          }
        : null,
    });
  }
  return buildBatchEvent({ ...summary, batchId: batch.batchId, runId, outcome, scheduleId: null });
}

function eventOf(source: NotificationSource, endpoint: string, deps: NotificationActivityDeps): WebhookEvent {
  switch (source.kind) {
    case 'export':
      return buildExportEvent({
        exportStatus: source.export,
        runId: source.runId,
        batchId: source.batchId,
        webUiUrl: deps.webUiUrlOf?.(source.export.exportId) ?? null,
      });
    case 'batch':
      return batchEvent(
        source.batch,
        source.runId,
        source.scheduledAt,
        deps.webUiUrlOf?.(source.batch.batchId) ?? null,
      );
    case 'test':
      return buildTestEvent({ endpointName: endpoint, id: source.eventId, now: new Date(source.requestedAt) });
  }
}

export function createNotificationActivities(deps: NotificationActivityDeps) {
  return {
    /** One delivery attempt of the event to the endpoint; never retried by Temporal (the workflow decides). */
    async deliverNotification(input: NotificationInput, attempt: number): Promise<DeliveryAttemptResult> {
      let endpoint;
      try {
        endpoint = deps.endpoints.get(input.endpoint);
      } catch (error) {
        if (error instanceof UnknownWebhookEndpointError) {
          throw ApplicationFailure.nonRetryable(error.message, NOTIFICATION_REJECTED_TYPE);
        }
        throw error;
      }
      const event = eventOf(input.source, input.endpoint, deps);
      const at = new Date();
      const result = await deliverWebhook({
        endpoint,
        event,
        signal: Context.current().cancellationSignal,
        now: at,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      return {
        eventId: event.id,
        eventType: event.type,
        attempt: {
          attempt,
          at: at.toISOString(),
          status: result.status,
          outcome: result.outcome,
          detail: result.detail,
          durationMs: result.durationMs,
        },
        retryAfterMs: result.retryAfterMs,
      };
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
