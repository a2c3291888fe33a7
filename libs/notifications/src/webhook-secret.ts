// A webhook signing secret: a value that hides itself from JSON, util.inspect and string conversion.
// libs/config's Secret gives the same protections; a type:util library cannot import it, hence this twin.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const REDACTED = '[redacted]';

export class WebhookSecret {
  // A private field: not an own enumerable property, so spreads, Object.keys, structuredClone and
  // console.log never see it.
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The only way to read the value; call it where the secret signs or verifies, never to log. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return `WebhookSecret(${REDACTED})`;
  }
}

/** A secret as callers hand it in: a WebhookSecret, or a plain string (receivers reading their own env). */
export type WebhookSecretInput = string | WebhookSecret;

export function revealSecret(secret: WebhookSecretInput): string {
  return typeof secret === 'string' ? secret : secret.reveal();
}
