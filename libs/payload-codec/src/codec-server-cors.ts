// Which browser origins may call the codec server (exact origins, never "*"), and the CORS headers they get.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request headers a codec client sends: the Web UI sends x-namespace, the CLI an Authorization header. */
export const CODEC_ALLOWED_HEADERS = 'content-type, x-namespace, authorization';

export class CodecCorsPolicy {
  readonly #origins: ReadonlySet<string>;
  readonly #allowCredentials: boolean;

  /** `origins` like `http://127.0.0.1:8233`; throws on "*", "null" or anything that is not an http(s) origin. */
  constructor(origins: readonly string[], allowCredentials: boolean) {
    this.#origins = new Set(origins.map(normalizeOrigin));
    this.#allowCredentials = allowCredentials;
  }

  /** The request's Origin header, or null for a request that is not cross-origin (the CLI, curl, a server). */
  static originOf(request: IncomingMessage): string | null {
    const origin = request.headers.origin;
    return typeof origin === 'string' && origin !== '' ? origin : null;
  }

  allows(origin: string): boolean {
    return this.#origins.has(origin);
  }

  /** Headers of any response to an allowed origin. */
  applyTo(response: ServerResponse, origin: string): void {
    response.setHeader('Access-Control-Allow-Origin', origin);
    if (this.#allowCredentials) response.setHeader('Access-Control-Allow-Credentials', 'true');
  }

  /** The answer to a preflight from an allowed origin. */
  answerPreflight(response: ServerResponse, origin: string): void {
    this.applyTo(response, origin);
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', CODEC_ALLOWED_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.writeHead(204).end();
  }
}

function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`codec server: allowed origin ${JSON.stringify(origin)} is not a URL origin`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/$/, '')) {
    throw new TypeError(
      `codec server: allowed origin ${JSON.stringify(origin)} must be a scheme, host and port only, like http://127.0.0.1:8233`,
    );
  }
  return url.origin;
}
