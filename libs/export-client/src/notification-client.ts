// The typed Temporal client for notifications: the delivery log of an export's or a batch's events (one
// deliverNotification execution per event and endpoint), one delivery, and a test event sent on request.
import { randomBytes } from 'node:crypto';
import {
  ApplicationFailure,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { NOTIFICATION_ID_PREFIX, type NotificationDelivery, type NotificationInput } from '@crs-export/contracts';
import { deliveryStatusQuery, NOTIFICATION_WORKFLOW_TYPE } from '@crs-export/workflows';
import { NotFoundError } from './export-client-errors';
import { literal } from './export-visibility-query';
import { temporalCall } from './temporal-call';

export interface NotificationClientOptions {
  client: Client;
  taskQueue: string;
  callTimeoutMs?: number;
}

const DELIVERY_ID_PATTERN = /^notify-[A-Za-z0-9:._-]{8,300}$/;
const MAX_LISTED = 100;

function isDelivery(value: unknown): value is NotificationDelivery {
  return typeof value === 'object' && value !== null && typeof (value as NotificationDelivery).deliveryId === 'string';
}

export class NotificationClient {
  private readonly callTimeoutMs: number;

  constructor(private readonly options: NotificationClientOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
  }

  /** Every delivery of the events about one export or batch (its id is their ids' prefix), newest first. */
  async listDeliveries(subjectId: string): Promise<NotificationDelivery[]> {
    return this.call('listDeliveries', async () => {
      const query = `WorkflowType = ${literal(NOTIFICATION_WORKFLOW_TYPE)} AND WorkflowId STARTS_WITH ${literal(
        `${NOTIFICATION_ID_PREFIX}${subjectId}-`,
      )}`;
      const ids: string[] = [];
      for await (const execution of this.options.client.workflow.list({ query, pageSize: MAX_LISTED })) {
        ids.push(execution.workflowId);
        if (ids.length >= MAX_LISTED) break;
      }
      return Promise.all(ids.map((id) => this.readDelivery(this.options.client.workflow.getHandle(id))));
    });
  }

  async getDelivery(deliveryId: string): Promise<NotificationDelivery> {
    return this.call('getDelivery', async () => {
      if (!DELIVERY_ID_PATTERN.test(deliveryId)) throw new NotFoundError('notification', deliveryId);
      try {
        const handle = this.options.client.workflow.getHandle(deliveryId);
        const description = await handle.describe();
        if (description.type !== NOTIFICATION_WORKFLOW_TYPE) throw new NotFoundError('notification', deliveryId);
        return await this.readDelivery(handle);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new NotFoundError('notification', deliveryId);
        throw error;
      }
    });
  }

  /**
   * Sends a test event to the endpoint now, and answers once the first attempt is done (or after waitMs with
   * the delivery still trying): a way to check an endpoint's URL and secret before relying on it.
   */
  async sendTest(endpoint: string, waitMs = 15_000): Promise<NotificationDelivery> {
    const eventId = `evt_test${randomBytes(12).toString('hex')}`;
    const deliveryId = `${NOTIFICATION_ID_PREFIX}test-${eventId.slice(8, 24)}-${endpoint}`;
    const input: NotificationInput = {
      endpoint,
      source: { kind: 'test', eventId, requestedAt: new Date().toISOString() },
      // A test is for now: a few tries, not a day of them.
      deadlineMs: 60_000,
    };
    const handle = await this.call('sendTest', () =>
      this.options.client.workflow.start(NOTIFICATION_WORKFLOW_TYPE, {
        workflowId: deliveryId,
        taskQueue: this.options.taskQueue,
        args: [input],
      }),
    );
    const deadline = Date.now() + waitMs;
    for (;;) {
      const delivery = await this.call('sendTest', () => this.readDelivery(handle));
      if (delivery.attemptCount > 0 || Date.now() > deadline) return delivery;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The log: the query while it runs, else its result or the failure's details. */
  private async readDelivery(handle: WorkflowHandle): Promise<NotificationDelivery> {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') return handle.query(deliveryStatusQuery);
    try {
      const result: unknown = await handle.result();
      if (isDelivery(result)) return result;
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      const details = error.cause instanceof ApplicationFailure ? error.cause.details?.[0] : undefined;
      if (isDelivery(details)) return details;
    }
    return handle.query(deliveryStatusQuery);
  }

  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return temporalCall(this.options.client, operation, this.callTimeoutMs, fn);
  }
}
