// A receiver to put in front of alerting: verifies each delivery, takes each event once, and answers so that
// the sender stops or retries as it should. Usable as a node:http listener or as a function of a request.
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createMemoryReplayStore, type ReplayStore } from './replay-store';
import { type WebhookEvent } from './webhook-event';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER } from './webhook-headers';
import { type WebhookBody, type WebhookSecrets } from './webhook-signature';
import { verifyWebhook, type WebhookVerificationFailure } from './webhook-verification';

export type WebhookReceiverOptions = WebhookSecrets & {
  /** Defaults to one in this process's memory (24 hours of ids); share one between several receivers. */
  replayStore?: ReplayStore;
  toleranceSeconds?: number;
  /** Called once per accepted event; if it throws, the answer is 500 and the sender's next delivery is taken. */
  onEvent?: (event: WebhookEvent) => void | Promise<void>;
  now?: () => Date;
  /** Largest body taken; default 1 MiB (an event is a few KiB). */
  maxBodyBytes?: number;
};

export type ReceiverFailure = WebhookVerificationFailure | 'header-mismatch' | 'handler-failed';

export interface WebhookReceiverVerdict {
  /** `duplicate`: authentic, but this event was taken before (a replay or a redelivery): not processed again. */
  outcome: 'accepted' | 'duplicate' | 'refused';
  /** The HTTP status to answer: 2xx stops the sender's retries, 5xx asks for them, 4xx refuses for good. */
  status: number;
  failure: ReceiverFailure | null;
  message: string;
  event: WebhookEvent | null;
}

export interface WebhookDelivery {
  /** Request headers; names in any case (node:http gives them lower-cased). */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body. */
  body: WebhookBody;
}

export interface WebhookReceiver {
  /** The verdict on one delivery, onEvent called when it is accepted. */
  receive(delivery: WebhookDelivery): Promise<WebhookReceiverVerdict>;
  /** The same as a node:http listener: `http.createServer(receiver.requestListener)`. */
  requestListener: RequestListener;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** 401 when the delivery is not authentic or not fresh; 400 when it is but cannot be an event. */
const FAILURE_STATUS: Record<WebhookVerificationFailure, number> = {
  'missing-signature': 401,
  'malformed-signature': 401,
  'signature-mismatch': 401,
  'timestamp-outside-tolerance': 401,
  'malformed-event': 400,
  // A replay gains nothing (it is not processed) and a redelivery must stop: answer as if taken.
  replayed: 200,
};

function headerOf(headers: WebhookDelivery['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > maxBytes) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const replayStore = options.replayStore ?? createMemoryReplayStore();
  const secrets: WebhookSecrets = options.secrets ? { secrets: options.secrets } : { secret: options.secret };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function receive(delivery: WebhookDelivery): Promise<WebhookReceiverVerdict> {
    const verification = await verifyWebhook({
      ...secrets,
      header: headerOf(delivery.headers, SIGNATURE_HEADER),
      body: delivery.body,
      now: options.now?.() ?? new Date(),
      toleranceSeconds: options.toleranceSeconds,
      replayStore,
    });
    if (!verification.ok) {
      const outcome = verification.failure === 'replayed' ? 'duplicate' : 'refused';
      const status = FAILURE_STATUS[verification.failure];
      return { outcome, status, failure: verification.failure, message: verification.message, event: null };
    }
    const { event } = verification;
    // The id and type headers are not signed: they must say what the signed body says.
    const idHeader = headerOf(delivery.headers, EVENT_ID_HEADER);
    const typeHeader = headerOf(delivery.headers, EVENT_TYPE_HEADER);
    if ((idHeader !== undefined && idHeader !== event.id) || (typeHeader !== undefined && typeHeader !== event.type)) {
      await replayStore.forget?.(event.id);
      const message = 'the event id or type header differs from the signed body';
      return { outcome: 'refused', status: 400, failure: 'header-mismatch', message, event: null };
    }
    try {
      await options.onEvent?.(event);
    } catch {
      // Not taken after all: the sender retries on 500, and that delivery must not count as a replay.
      await replayStore.forget?.(event.id);
      return { outcome: 'refused', status: 500, failure: 'handler-failed', message: 'the handler failed', event };
    }
    return { outcome: 'accepted', status: 200, failure: null, message: `event ${event.id} accepted`, event };
  }

  const requestListener: RequestListener = (request, response) => {
    const answer = (status: number, outcome: string, message: string): void => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ outcome, message }));
    };
    if (request.method !== 'POST') {
      answer(405, 'refused', 'webhooks are POSTed');
      return;
    }
    readBody(request, maxBodyBytes)
      .then((body) => receive({ headers: request.headers, body }))
      .then(
        (verdict) => answer(verdict.status, verdict.outcome, verdict.message),
        (error: unknown) =>
          error instanceof BodyTooLargeError
            ? answer(413, 'refused', `the body is larger than ${maxBodyBytes} bytes`)
            : answer(400, 'refused', 'the request could not be read'),
      );
  };

  return { receive, requestListener };
}

export interface ServedWebhookReceiver {
  /** `http://127.0.0.1:<port>/`: the URL to configure as the endpoint. */
  url: string;
  close(): Promise<void>;
}

/** The receiver on its own HTTP server (an example, and the receiving end of tests). Port 0: any free one. */
export async function serveWebhookReceiver(
  receiver: WebhookReceiver,
  options: { host?: string; port?: number } = {},
): Promise<ServedWebhookReceiver> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(receiver.requestListener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
