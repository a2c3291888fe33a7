// One HTTP(S) GET of a backup file, whole or from an offset (`Range: bytes=N-`): the answer's status, where
// its bytes start, how many it announces and the file's total size; errors as the transfer needs to tell them.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** An answer that is not the file: 403 (refused, expired), 404, 416, 5xx… with the store's error code if any. */
export class SourceHttpError extends Error {
  override readonly name = 'SourceHttpError';

  constructor(
    readonly status: number,
    /** COS's `<Code>` (e.g. AccessDenied) or null. */
    readonly code: string | null,
    /** The size the source says the file has (a 416's `Content-Range: bytes *\/N`), when it says. */
    readonly totalSize: number | null,
  ) {
    super(`HTTP ${status}${code ? ` ${code}` : ''}`);
  }
}

export interface SourceResponse {
  status: number;
  /** Offset in the file of the first byte of `body` (0 for a 200). */
  start: number;
  /** Offset of its last byte (Content-Range, or a 200's length - 1); null when unknown. */
  end: number | null;
  /** Bytes `body` announces (Content-Length); null when not announced. */
  contentLength: number | null;
  /** The whole file's size, from Content-Range or a 200's Content-Length; null when unknown. */
  totalSize: number | null;
  body: IncomingMessage;
}

export interface SourceAgents {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

export function sourceAgents(): SourceAgents {
  const http = new HttpAgent({ keepAlive: true, maxSockets: 4 });
  const https = new HttpsAgent({ keepAlive: true, maxSockets: 4 });
  return {
    http,
    https,
    destroy: () => {
      http.destroy();
      https.destroy();
    },
  };
}

export interface SourceRequestOptions {
  /** Offset to start from; 0 (without `to`) asks for the whole file. */
  from: number;
  /** Last byte wanted (inclusive); default the end of the file. */
  to?: number;
  agents: SourceAgents;
  signal: AbortSignal;
  /** The request fails when the socket is silent this long. */
  idleTimeoutMs: number;
  headers?: Record<string, string>;
}

const MAX_ERROR_BODY = 4096;

/** `bytes=N-` or `bytes=N-M`. */
export function rangeHeader(from: number, to?: number): string {
  return `bytes=${from}-${to ?? ''}`;
}

function headerNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** Opens the file at `from`; resolves with the answer's head once it is a 200 or 206. */
export function requestSource(url: string, options: SourceRequestOptions): Promise<SourceResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') return Promise.reject(new Error(`not an HTTP URL: ${target.protocol}`));
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, {
      method: 'GET',
      agent: secure ? options.agents.https : options.agents.http,
      headers: {
        'accept-encoding': 'identity',
        ...(options.from > 0 || options.to !== undefined ? { range: rangeHeader(options.from, options.to) } : {}),
        ...options.headers,
      },
      signal: options.signal,
    });
    request.setTimeout(options.idleTimeoutMs, () => {
      request.destroy(new Error(`no data from the source for ${options.idleTimeoutMs} ms`));
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const contentLength = headerNumber(response.headers['content-length']);
      if (status === 200) {
        resolve({
          status,
          start: 0,
          end: contentLength === null ? null : contentLength - 1,
          contentLength,
          totalSize: contentLength,
          body: response,
        });
        return;
      }
      if (status === 206) {
        const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers['content-range'] ?? '');
        if (!range) {
          response.destroy();
          reject(new Error(`a 206 answer without a usable Content-Range (${response.headers['content-range']})`));
          return;
        }
        const total = range[3] === '*' ? null : Number(range[3]);
        resolve({
          status,
          start: Number(range[1]),
          end: Number(range[2]),
          contentLength,
          totalSize: total,
          body: response,
        });
        return;
      }
      readErrorBody(response).then(
        (text) => {
          const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? null;
          const total = /^bytes \*\/(\d+)$/.exec(response.headers['content-range'] ?? '')?.[1];
          reject(new SourceHttpError(status, code, total === undefined ? null : Number(total)));
        },
        () => reject(new SourceHttpError(status, null, null)),
      );
    });
    request.end();
  });
}

async function readErrorBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size < MAX_ERROR_BODY) chunks.push(chunk.subarray(0, MAX_ERROR_BODY - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Statuses worth another try after a pause: timeouts, throttling, the server's own failures. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Refused: an expired or otherwise unacceptable presigned URL; a fresh URL may work. */
export function isRefusedStatus(status: number): boolean {
  return status === 401 || status === 403;
}
