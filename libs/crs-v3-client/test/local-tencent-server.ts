// A tiny node:http server that stands where Tencent's API would (the client reaches it with connectTo):
// records every request and answers as each test tells it, including not at all.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Equal for two requests when the client reused its keep-alive connection. */
  remotePort: number | undefined;
}

export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

export interface LocalTencentServer {
  port: number;
  /** `127.0.0.1:<port>`, for connectTo. */
  address: string;
  requests: RecordedRequest[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

export const OK_ANSWER = { Response: { RequestId: 'req-ok' } };

export async function startLocalTencentServer(): Promise<LocalTencentServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let responder: Responder = (_request, response) => json(response, OK_ANSWER);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
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
    port,
    address: `127.0.0.1:${port}`,
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
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function apiError(response: ServerResponse, code: string, message: string, requestId = 'req-err'): void {
  json(response, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}

export function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
