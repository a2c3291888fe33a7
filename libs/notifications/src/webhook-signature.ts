// The webhook signature, as GitHub and Stripe sign theirs: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>">`, one v1 per active secret, and its constant-time check against the receiver's secrets.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_SCHEME } from './webhook-headers';
import { revealSecret, type WebhookSecretInput } from './webhook-secret';

/** One secret, or the ones active together while a secret is rotated. */
export type WebhookSecrets =
  { secret: WebhookSecretInput; secrets?: never } | { secrets: readonly WebhookSecretInput[]; secret?: never };

/** The body as it travels: the exact bytes are signed, so receivers must verify the raw body, not a re-encoding. */
export type WebhookBody = string | Uint8Array;

/** A header longer than this, or with more signatures, is refused before any HMAC is computed. */
const MAX_HEADER_LENGTH = 4096;
const MAX_SIGNATURES = 8;
const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** 10^11 seconds is the year 5138: a larger "unix seconds" is a timestamp in milliseconds by mistake. */
const MAX_UNIX_SECONDS = 1e11;

export function secretValues(secrets: WebhookSecrets): string[] {
  const list = secrets.secrets ?? (secrets.secret === undefined ? [] : [secrets.secret]);
  const values = list.map(revealSecret);
  if (values.length === 0) throw new TypeError('a webhook needs at least one secret');
  if (values.some((value) => value.length === 0)) throw new TypeError('a webhook secret is empty');
  return values;
}

function bodyBytes(body: WebhookBody): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
}

function hmac(secret: string, timestamp: number, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
}

function checkedTimestamp(timestamp: number): number {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`webhook timestamp ${timestamp} is not whole unix seconds`);
  }
  if (timestamp >= MAX_UNIX_SECONDS) {
    throw new RangeError(`webhook timestamp ${timestamp} looks like milliseconds; give unix seconds`);
  }
  return timestamp;
}

export type SignWebhookInput = WebhookSecrets & {
  /** Unix seconds (whole). */
  timestamp: number;
  body: WebhookBody;
};

/** The Crs-Export-Signature header value: `t=<timestamp>,v1=<hex>` with one v1 per secret. */
export function signWebhook(input: SignWebhookInput): string {
  const timestamp = checkedTimestamp(input.timestamp);
  const body = bodyBytes(input.body);
  const signatures = secretValues(input).map(
    (secret) => `${SIGNATURE_SCHEME}=${hmac(secret, timestamp, body).toString('hex')}`,
  );
  return [`t=${timestamp}`, ...signatures].join(',');
}

export interface ParsedSignatureHeader {
  timestamp: number;
  /** The v1 signatures, as raw digests. */
  signatures: Buffer[];
}

/** The header's parts, or null when it is not a signature header (no t, no v1, bad values). */
export function parseSignatureHeader(header: string): ParsedSignatureHeader | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const element of header.split(',')) {
    const separator = element.indexOf('=');
    if (separator < 0) return null;
    const key = element.slice(0, separator).trim();
    const value = element.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,11}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === SIGNATURE_SCHEME) {
      if (!HEX_DIGEST.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (a later v2) are skipped: a receiver checks the ones it knows.
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > MAX_SIGNATURES) return null;
  return { timestamp, signatures };
}

/**
 * Whether any signature of the header is the HMAC of `<t>.<body>` under any of the secrets. Each
 * comparison is constant-time (timingSafeEqual), so the time taken tells nothing about how close a guess is.
 */
export function signatureMatches(
  parsed: ParsedSignatureHeader,
  secrets: readonly string[],
  body: WebhookBody,
): boolean {
  const bytes = bodyBytes(body);
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, parsed.timestamp, bytes);
    for (const signature of parsed.signatures) {
      // No early return: every pair is compared, whichever matches.
      if (timingSafeEqual(expected, signature)) matched = true;
    }
  }
  return matched;
}
