// One delivery of one event to one endpoint: a signed POST with a timeout, classified as delivered, to retry
// or rejected. Retrying (with backoff, for an endpoint down an hour) is the caller's: a Temporal activity.
import type { WebhookEvent } from './webhook-event';
import { type WebhookEndpoint } from './webhook-endpoints';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, WEBHOOK_USER_AGENT } from './webhook-headers';
import { redactedSnippet } from './text-redaction';
import { signWebhook } from './webhook-signature';

/** `delivered`: 2xx. `retry`: 408, 429, 5xx, network error, timeout. `rejected`: any other answer, for good. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'rejected';

export interface WebhookDeliveryResult {
  endpoint: string;
  eventId: string;
  /** The HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  durationMs: number;
  outcome: DeliveryOutcome;
  /** One short line: the status and a redacted snippet of the answer, or what went wrong. Never the secret. */
  detail: string;
  /** What a 429 or 503 asked for in Retry-After (capped at an hour), else null. */
  retryAfterMs: number | null;
}

export interface DeliverWebhookInput {
  endpoint: WebhookEndpoint;
  event: WebhookEvent;
  /** Cancels the delivery (an activity's cancellation): the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The signing time; defaults to now. */
  now?: Date;
  /** The HTTP client; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Bytes of an answer read at most, and characters of it kept in `detail`. */
const SNIPPET_BYTES = 512;
const SNIPPET_CHARS = 120;
const MAX_RETRY_AFTER_MS = 3_600_000;

export function deliveryOutcomeOf(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  // 3xx (redirects are not followed: the signed body goes to the configured URL only) and every other 4xx.
  return 'rejected';
}

function retryAfterMs(response: Response, now: number): number | null {
  if (response.status !== 429 && response.status !== 503) return null;
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : null;
}

/** The first bytes of the answer, then the rest discarded (the connection is released either way). */
async function answerStart(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
}

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } } | null)?.cause;
  const code = cause?.code ?? cause?.name ?? (error as { name?: unknown } | null)?.name;
  return typeof code === 'string' ? code.slice(0, 40) : 'unknown';
}

export async function deliverWebhook(input: DeliverWebhookInput): Promise<WebhookDeliveryResult> {
  const { endpoint, event } = input;
  const body = JSON.stringify(event);
  const signedAt = input.now ?? new Date();
  const secrets = endpoint.secrets.map((secret) => secret.reveal());
  const signature = signWebhook({ secrets: endpoint.secrets, timestamp: Math.floor(signedAt.getTime() / 1000), body });
  const timeout = AbortSignal.timeout(endpoint.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  const started = performance.now();
  const result = (
    fields: Omit<WebhookDeliveryResult, 'endpoint' | 'eventId' | 'durationMs'>,
  ): WebhookDeliveryResult => ({
    endpoint: endpoint.name,
    eventId: event.id,
    durationMs: Math.round(performance.now() - started),
    ...fields,
  });
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(endpoint.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': WEBHOOK_USER_AGENT,
        [SIGNATURE_HEADER]: signature,
        [EVENT_ID_HEADER]: event.id,
        [EVENT_TYPE_HEADER]: event.type,
      },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (input.signal?.aborted) throw input.signal.reason;
    const detail = timeout.aborted
      ? `no answer within ${endpoint.timeoutMs} ms`
      : `network error (${networkCause(error)})`;
    return result({ status: null, outcome: 'retry', detail, retryAfterMs: null });
  }
  let snippet = '';
  try {
    snippet = redactedSnippet(await answerStart(response), secrets, SNIPPET_CHARS);
  } catch {
    // The status is the answer; a body cut short (by the timeout) only loses the snippet.
    if (input.signal?.aborted) throw input.signal.reason;
  }
  const outcome = deliveryOutcomeOf(response.status);
  const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
  return result({
    status: response.status,
    outcome,
    detail: `HTTP ${response.status}${redirect}${snippet ? `: ${snippet}` : ''}`,
    retryAfterMs: retryAfterMs(response, signedAt.getTime()),
  });
}
