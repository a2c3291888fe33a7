// Which webhook endpoints a request may name: those configured (WEBHOOK_ENDPOINTS / WEBHOOK_ENDPOINTS_FILE),
// by name only; the deadline of their deliveries comes from the deployment.
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@crs-export/config';
import type { NotifySettings } from '@crs-export/contracts';
import { loadWebhookEndpoints, type WebhookEndpoints } from '@crs-export/notifications';
import { API_CONFIG } from '../core/api-tokens';
import { RequestValidationError } from '../problems/api-errors';

export function webhookEndpointsOf(config: AppConfig): WebhookEndpoints {
  return loadWebhookEndpoints({
    ...(config.notifications.endpointsList === null ? {} : { list: config.notifications.endpointsList }),
    ...(config.notifications.endpointsFile === null ? {} : { file: config.notifications.endpointsFile }),
    env: process.env,
  });
}

@Injectable()
export class NotifyPolicy {
  private readonly endpoints: WebhookEndpoints;

  constructor(@Inject(API_CONFIG) private readonly config: AppConfig) {
    this.endpoints = webhookEndpointsOf(config);
  }

  names(): string[] {
    return this.endpoints.names();
  }

  /** Checks that each name is a configured endpoint (400 naming the unknown ones). */
  checkEndpoint(name: string, field = 'endpoint'): void {
    if (this.endpoints.has(name)) return;
    const known = this.endpoints.names();
    throw new RequestValidationError([
      {
        field,
        messages: [
          known.length === 0
            ? 'no webhook endpoints are configured (WEBHOOK_ENDPOINTS)'
            : `unknown webhook endpoint ${JSON.stringify(name)}; configured: ${known.join(', ')}`,
        ],
      },
    ]);
  }

  settingsFor(
    names: string[] | undefined,
    on: NotifySettings['on'] | undefined,
    field = 'notify',
  ): NotifySettings | undefined {
    if (!names || names.length === 0) return undefined;
    for (const name of names) this.checkEndpoint(name, field);
    return {
      endpoints: [...new Set(names)],
      ...(on ? { on } : {}),
      deadlineMs: this.config.notifications.deliveryDeadlineMs,
    };
  }
}
