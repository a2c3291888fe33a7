// Small HTTP helpers for node:http: bounded body reading, JSON and text answers, and held sockets.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The exact bytes of the body (3.0 signs them). */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(limitBytes));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return (await readRawBody(req, limitBytes)).toString('utf8');
}

/** Every number as a string, as some Tencent examples send them. */
function stringifyNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  numbersAsStrings = false,
  headers: Record<string, string> = {},
): void {
  const text = numbersAsStrings ? JSON.stringify(body, stringifyNumbers) : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface HeldSockets {
  /** How long a `timeout` fault holds a socket before closing it (if the client has not given up first). */
  timeoutHoldMs: number;
  /** Sockets held by timeout faults, so that closing the server can release them. */
  heldSockets: Set<() => void>;
}

/** No answer: keep the socket until the client gives up, or close it after holdMs so nothing leaks. */
export function holdWithoutAnswer(req: IncomingMessage, res: ServerResponse, options: HeldSockets): void {
  const release = (): void => {
    clearTimeout(timer);
    options.heldSockets.delete(release);
    req.socket.destroy();
  };
  const timer = setTimeout(release, options.timeoutHoldMs);
  options.heldSockets.add(release);
  res.on('close', release);
}

/** A path segment's `%` escapes decoded, or null when one is malformed (the route answers 400). */
export function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
