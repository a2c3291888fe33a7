// Test helper: a GET or HEAD with node:http that reports exactly what arrived, also when the body stops
// short or the connection drops (which fetch turns into an exception).
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Whether the body ended normally (false: the connection closed in the middle). */
  complete: boolean;
}

export function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answer: RawAnswer | undefined;
    const chunks: Buffer[] = [];
    const req = request(url, { method, headers: { connection: 'close', ...headers } }, (res) => {
      answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), complete: false };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (answer) answer.complete = !res.aborted;
      });
      res.on('error', () => undefined);
      res.on('close', () => answer && resolve({ ...answer, body: Buffer.concat(chunks) }));
    });
    // Once an answer has begun, an error (a closed socket, bytes past Content-Length) only ends it.
    req.on('error', (error) =>
      answer ? resolve({ ...answer, body: Buffer.concat(chunks), complete: false }) : reject(error),
    );
    req.end();
  });
}
