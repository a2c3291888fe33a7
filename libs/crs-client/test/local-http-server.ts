// A tiny node:http server on 127.0.0.1 for the client's HTTP tests: records each request, answers as told.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The raw request target, exactly as sent (path and query string). */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's port: equal for two requests when the client reused its keep-alive connection. */
  remotePort: number | undefined;
}

export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

export interface LocalHttpServer {
  endpoint: string;
  port: number;
  requests: RecordedRequest[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** Answers `{"code":0,...}` until told otherwise. */
export async function startLocalHttpServer(): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let responder: Responder = (_request, response) =>
    json(response, { code: 0, message: '', codeDesc: 'Success', data: {} });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      requests.push(recorded);
      responder(recorded, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v2/index.php`,
    port,
    requests,
    respondWith(next) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The params of a request as the server sees them: the query string for GET, the form body for POST. */
export function paramsOf(request: RecordedRequest): Record<string, string> {
  const text = request.method === 'GET' ? request.url.slice(request.url.indexOf('?') + 1) : request.body;
  return Object.fromEntries(new URLSearchParams(text));
}
