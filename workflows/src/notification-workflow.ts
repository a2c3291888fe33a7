// The deliverNotification workflow: one event to one endpoint, one activity attempt at a time with backoff
// (and the endpoint's Retry-After) until it is delivered, refused for good, or the deadline passes, so that an
// endpoint down for an hour still gets the event. Each attempt is an entry of the log the API shows.
import {
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  ActivityFailure,
} from '@temporalio/workflow';
import {
  MAX_LOGGED_ATTEMPTS,
  subjectIdOf,
  type DeliveryAttempt,
  type DeliveryState,
  type NotificationDelivery,
  type NotificationInput,
} from '@crs-export/contracts';
import type { NotificationActivities } from '@crs-export/export-activities';
import { deliveryStatusQuery, NOTIFICATION_NOT_DELIVERED_TYPE } from './notification-definitions';

export const DEFAULT_DELIVERY_DEADLINE_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 15 * 60_000;

const { deliverNotification: deliver } = proxyActivities<NotificationActivities>({
  // An endpoint may take up to 120 s to answer (its timeoutMs); one attempt, the workflow retries.
  startToCloseTimeout: '3 minutes',
  retry: { maximumAttempts: 1 },
});

function now(): string {
  return new Date(Date.now()).toISOString();
}

class DeliveryLog {
  readonly #log: NotificationDelivery;

  constructor(input: NotificationInput) {
    this.#log = {
      deliveryId: workflowInfo().workflowId,
      endpoint: input.endpoint,
      eventId: null,
      eventType: null,
      subjectId: subjectIdOf(input.source),
      state: 'DELIVERING',
      attempts: [],
      attemptCount: 0,
      nextAttemptAt: null,
      startedAt: now(),
      finishedAt: null,
    };
  }

  snapshot(): NotificationDelivery {
    return JSON.parse(JSON.stringify(this.#log)) as NotificationDelivery;
  }

  event(eventId: string, eventType: string): void {
    this.#log.eventId = eventId;
    this.#log.eventType = eventType;
  }

  record(attempt: DeliveryAttempt): void {
    this.#log.attemptCount += 1;
    this.#log.attempts.push(attempt);
    if (this.#log.attempts.length > MAX_LOGGED_ATTEMPTS) this.#log.attempts.shift();
    this.#log.nextAttemptAt = null;
  }

  waitUntil(at: string): void {
    this.#log.nextAttemptAt = at;
  }

  end(state: DeliveryState): NotificationDelivery {
    this.#log.state = state;
    this.#log.nextAttemptAt = null;
    this.#log.finishedAt = now();
    return this.snapshot();
  }
}

/** An attempt that ended without the activity's answer: the worker was lost, or the endpoint is not configured. */
function failedAttempt(attempt: number, error: unknown): { entry: DeliveryAttempt; rejected: boolean } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const rejected = cause instanceof ApplicationFailure && cause.nonRetryable === true;
  const message = cause instanceof Error ? cause.message : String(cause);
  return {
    entry: {
      attempt,
      at: now(),
      status: null,
      outcome: rejected ? 'rejected' : 'retry',
      detail: message,
      durationMs: 0,
    },
    rejected,
  };
}

export async function deliverNotification(input: NotificationInput): Promise<NotificationDelivery> {
  const log = new DeliveryLog(input);
  setHandler(deliveryStatusQuery, () => log.snapshot());
  const deadline = Date.now() + (input.deadlineMs ?? DEFAULT_DELIVERY_DEADLINE_MS);
  let backoff = FIRST_RETRY_MS;
  for (let attempt = 1; ; attempt += 1) {
    let retryAfterMs: number | null = null;
    try {
      const result = await deliver(input, attempt);
      log.event(result.eventId, result.eventType);
      log.record(result.attempt);
      if (result.attempt.outcome === 'delivered') return log.end('DELIVERED');
      if (result.attempt.outcome === 'rejected') return notDelivered(log, 'REJECTED');
      retryAfterMs = result.retryAfterMs;
    } catch (error) {
      if (isCancellation(error)) {
        log.end('CANCELLED');
        throw error;
      }
      const { entry, rejected } = failedAttempt(attempt, error);
      log.record(entry);
      if (rejected) return notDelivered(log, 'REJECTED');
    }
    const wait = Math.max(backoff, retryAfterMs ?? 0);
    if (Date.now() + wait > deadline) return notDelivered(log, 'GAVE_UP');
    log.waitUntil(new Date(Date.now() + wait).toISOString());
    await sleep(wait);
    backoff = Math.min(backoff * 2, MAX_RETRY_MS);
  }
}

/** Refused for good or out of time: the execution fails (red in the Web UI) with the log in its details. */
function notDelivered(log: DeliveryLog, state: 'REJECTED' | 'GAVE_UP'): never {
  const final = log.end(state);
  const last = final.attempts.at(-1);
  throw ApplicationFailure.create({
    type: NOTIFICATION_NOT_DELIVERED_TYPE,
    message: `${final.eventType ?? 'event'} not delivered to ${final.endpoint} (${state}): ${last?.detail ?? ''}`,
    nonRetryable: true,
    details: [final],
  });
}
