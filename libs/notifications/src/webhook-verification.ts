// The receiving side's check of one delivery: the signature (any active secret), the timestamp's tolerance,
// the event envelope, and, with a replay store, that this event has not been taken before.
import { type ReplayStore } from './replay-store';
import { parseWebhookEvent, type WebhookEvent } from './webhook-event';
import {
  parseSignatureHeader,
  secretValues,
  signatureMatches,
  type WebhookBody,
  type WebhookSecrets,
} from './webhook-signature';

/** Stripe's default: a delivery signed more than 5 minutes from the receiver's clock is refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookVerificationFailure =
  /** No signature header. */
  | 'missing-signature'
  /** A header that is not `t=...,v1=...`. */
  | 'malformed-signature'
  /** No v1 signature matches any of the secrets: a forged or altered delivery, or a secret not shared. */
  | 'signature-mismatch'
  /** Signed too long ago (or ahead of the clock): an old delivery replayed, or a clock far off. */
  | 'timestamp-outside-tolerance'
  /** Signed correctly but not an event envelope. */
  | 'malformed-event'
  /** The replay store has seen this event id: a replay, or a redelivery of an event already taken. */
  | 'replayed';

export type WebhookVerification =
  | { ok: true; event: WebhookEvent; timestamp: number }
  | { ok: false; failure: WebhookVerificationFailure; message: string };

export type VerifyWebhookInput = WebhookSecrets & {
  /** The Crs-Export-Signature header's value. */
  header: string | null | undefined;
  /** The raw body, exactly as received. */
  body: WebhookBody;
  /** The receiver's clock; defaults to now. */
  now?: Date;
  toleranceSeconds?: number;
  /** Without one, a delivery repeated within the tolerance passes: keep one in front of anything that acts. */
  replayStore?: ReplayStore;
};

function refused(failure: WebhookVerificationFailure, message: string): WebhookVerification {
  return { ok: false, failure, message };
}

export async function verifyWebhook(input: VerifyWebhookInput): Promise<WebhookVerification> {
  const secrets = secretValues(input);
  if (input.header === null || input.header === undefined || input.header === '') {
    return refused('missing-signature', 'the delivery has no signature header');
  }
  const parsed = parseSignatureHeader(input.header);
  if (!parsed) return refused('malformed-signature', 'the signature header is not t=<seconds>,v1=<hex>');
  // The signature first: a forged header then says "mismatch" whatever timestamp it carries.
  if (!signatureMatches(parsed, secrets, input.body)) {
    return refused('signature-mismatch', 'no signature matches the body under any active secret');
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) {
    return refused(
      'timestamp-outside-tolerance',
      `signed ${nowSeconds - parsed.timestamp} s from this clock (tolerance ${tolerance} s)`,
    );
  }
  const body = typeof input.body === 'string' ? input.body : Buffer.from(input.body).toString('utf8');
  const result = parseWebhookEvent(body);
  if ('problem' in result) return refused('malformed-event', result.problem);
  // Last, so that only an authentic, fresh delivery takes its id: a forged one cannot burn a real event's id.
  if (input.replayStore && (await input.replayStore.seen(result.event.id))) {
    return refused('replayed', `event ${result.event.id} was received before`);
  }
  return { ok: true, event: result.event, timestamp: parsed.timestamp };
}
