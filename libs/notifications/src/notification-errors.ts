// The typed errors of this library. None of them ever carries a secret: problems name an entry and a field.

function problemCount(problems: readonly string[]): string {
  return problems.length === 1 ? '1 problem' : `${problems.length} problems`;
}

/** A webhook endpoint configuration that cannot be used: every bad entry, by name or position. */
export class WebhookConfigError extends Error {
  override readonly name = 'WebhookConfigError';
  constructor(
    /** Where the configuration came from: a file path, an environment variable name, "endpoints given in code". */
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid webhook endpoints (${source}), ${problemCount(problems)}: ${problems.join('; ')}`);
  }
}

/** A request named an endpoint the configuration does not define. */
export class UnknownWebhookEndpointError extends Error {
  override readonly name = 'UnknownWebhookEndpointError';
  constructor(
    readonly endpointName: string,
    readonly known: readonly string[],
  ) {
    const list = known.length > 0 ? known.join(', ') : 'none are configured';
    super(`unknown webhook endpoint ${JSON.stringify(endpointName)} (known: ${list})`);
  }
}

/** A builder was given something that cannot become an event (a state that is not an end, a bad time). */
export class WebhookEventError extends Error {
  override readonly name = 'WebhookEventError';
}
