// Webhook endpoints by name: API requests and workflow inputs name an endpoint, and only the process that
// delivers holds its URL's secret, so no secret ever enters a workflow history.
import { UnknownWebhookEndpointError, WebhookConfigError } from './notification-errors';
import type { WebhookSecret } from './webhook-secret';

export interface WebhookEndpoint {
  readonly name: string;
  readonly url: string;
  /** Every active secret: each signs, so receivers may hold either one while a secret is rotated. */
  readonly secrets: readonly WebhookSecret[];
  /** Timeout of one delivery (connect, answer and the start of its body). */
  readonly timeoutMs: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const MIN_WEBHOOK_TIMEOUT_MS = 100;
export const MAX_WEBHOOK_TIMEOUT_MS = 120_000;
/** Shorter secrets are guessable offline from one signed delivery. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
/** Secrets active at once: a rotation needs two; more only lengthens every header. */
export const MAX_WEBHOOK_SECRETS = 4;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isWebhookEndpointName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** What a configuration entry says, before checking. The URL is never echoed: its path may be a token. */
export interface WebhookEndpointFields {
  name: string;
  url: string;
  secrets: readonly WebhookSecret[];
  timeoutMs?: number;
}

/** The problems of one endpoint's fields, each naming the field (never a value but the name). */
export function endpointProblems(fields: WebhookEndpointFields): string[] {
  const problems: string[] = [];
  if (!isWebhookEndpointName(fields.name)) {
    problems.push("the name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
  let url: URL | null = null;
  try {
    url = new URL(fields.url);
  } catch {
    problems.push('url is not an absolute URL');
  }
  if (url) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`url must be http or https, not ${url.protocol.replace(/:$/, '')}`);
    }
    if (url.username !== '' || url.password !== '') {
      problems.push('url must not carry user:password (the signature authenticates; put the secret in secretFile)');
    }
  }
  if (fields.secrets.length === 0) problems.push('no secret');
  if (fields.secrets.length > MAX_WEBHOOK_SECRETS) {
    problems.push(`${fields.secrets.length} secrets (at most ${MAX_WEBHOOK_SECRETS} are active at once)`);
  }
  fields.secrets.forEach((secret, index) => {
    if (secret.reveal().length < MIN_WEBHOOK_SECRET_LENGTH) {
      problems.push(`secret ${index + 1} is shorter than ${MIN_WEBHOOK_SECRET_LENGTH} characters`);
    }
  });
  const timeoutMs = fields.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < MIN_WEBHOOK_TIMEOUT_MS || timeoutMs > MAX_WEBHOOK_TIMEOUT_MS) {
    problems.push(`timeoutMs must be a whole number from ${MIN_WEBHOOK_TIMEOUT_MS} to ${MAX_WEBHOOK_TIMEOUT_MS}`);
  }
  return problems;
}

/** One endpoint from code (tests, tools): the same checks as a configuration entry. */
export function webhookEndpoint(fields: WebhookEndpointFields): WebhookEndpoint {
  const problems = endpointProblems(fields);
  if (problems.length > 0) {
    throw new WebhookConfigError(
      'endpoint given in code',
      problems.map((problem) => `${fields.name}: ${problem}`),
    );
  }
  return Object.freeze({
    name: fields.name,
    url: fields.url,
    secrets: Object.freeze([...fields.secrets]),
    timeoutMs: fields.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
  });
}

/** The configured endpoints, looked up by the name a request gives. */
export class WebhookEndpoints {
  readonly #byName: ReadonlyMap<string, WebhookEndpoint>;

  constructor(endpoints: readonly WebhookEndpoint[]) {
    const byName = new Map<string, WebhookEndpoint>();
    for (const endpoint of endpoints) {
      if (byName.has(endpoint.name)) {
        throw new WebhookConfigError('endpoints given in code', [`${endpoint.name}: defined twice`]);
      }
      byName.set(endpoint.name, endpoint);
    }
    this.#byName = byName;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The endpoint of that name; UnknownWebhookEndpointError when there is none (a 4xx for a request). */
  get(name: string): WebhookEndpoint {
    const endpoint = this.#byName.get(name);
    if (!endpoint) throw new UnknownWebhookEndpointError(name, this.names());
    return endpoint;
  }

  names(): string[] {
    return [...this.#byName.keys()].sort();
  }

  all(): WebhookEndpoint[] {
    return this.names().map((name) => this.get(name));
  }
}
