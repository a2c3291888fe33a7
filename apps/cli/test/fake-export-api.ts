// A tiny real HTTP server standing in for the crs-export API in the CLI's tests: scripted answers, recorded requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExportResource } from '../src/export-resource';

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

export type Handler = (request: RecordedRequest) => { status: number; body?: unknown; contentType?: string };

export interface FakeExportApi {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeExportApi(handler: Handler): Promise<FakeExportApi> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        authorization: req.headers.authorization,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      };
      requests.push(request);
      const answer = handler(request);
      const isProblem = answer.status >= 400 && answer.contentType === undefined;
      res.writeHead(answer.status, {
        'Content-Type': answer.contentType ?? (isProblem ? 'application/problem+json' : 'application/json'),
      });
      res.end(
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function exportResource(overrides: Partial<ExportResource> = {}): ExportResource {
  return {
    exportId: 'export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493',
    redisId: 'crs-j30wibe7',
    backupId: '3a07b27e-f744-11e6-babc-525400082493',
    requestedBackup: '3a07b27e-f744-11e6-babc-525400082493',
    region: 'gz',
    state: 'WAITING_FOR_TASK',
    taskId: 4711,
    taskStatus: 1,
    polls: 2,
    backup: null,
    files: null,
    archive: null,
    error: null,
    cancellation: null,
    stateEnteredAt: { VALIDATING: '2026-11-29T10:00:00.000Z', WAITING_FOR_TASK: '2026-11-29T10:00:01.000Z' },
    startedAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:03.000Z',
    finishedAt: null,
    links: {
      self: '/exports/export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493',
      temporalUi:
        'http://127.0.0.1:8233/namespaces/default/workflows/export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493',
    },
    ...overrides,
  };
}

/** Collects what the CLI writes. */
export function capture(isTTY = false): { write(text: string): boolean; isTTY: boolean; text(): string } {
  let buffer = '';
  return {
    isTTY,
    write(text: string) {
      buffer += text;
      return true;
    },
    text: () => buffer,
  };
}
