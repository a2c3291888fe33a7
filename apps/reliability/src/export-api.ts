// The HTTP API as a client sees it: start, get, list and cancel exports; every answer is captured.
import type { ExportResource } from '@crs-export/contracts';
import type { CapturedTraffic } from './captured-traffic';
import type { ExportTarget } from '@crs-export/contracts';

export type { ExportResource } from '@crs-export/contracts';

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method: string;
  /** Path and query, already encoded as it should go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs?: number;
}

export class ApiRequestError extends Error {
  constructor(
    readonly what: string,
    readonly answer: ApiAnswer,
  ) {
    super(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    this.name = 'ApiRequestError';
  }
}

export class ExportApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly traffic: CapturedTraffic,
  ) {}

  get url(): string {
    return this.baseUrl;
  }

  /** POST /exports: 201 for a new export, 200 for the one already running. */
  async startExport(target: ExportTarget): Promise<{ created: boolean; resource: ExportResource }> {
    const answer = await this.request({
      method: 'POST',
      path: '/exports',
      headers: this.jsonHeaders(),
      body: JSON.stringify({ redisId: target.redisId, backupId: target.backupId, region: target.region }),
    });
    if (answer.status !== 201 && answer.status !== 200)
      throw new ApiRequestError(`start ${target.redisId}/${target.backupId}`, answer);
    return { created: answer.status === 201, resource: answer.json as ExportResource };
  }

  async getExport(exportId: string): Promise<ExportResource> {
    const answer = await this.request({
      method: 'GET',
      path: `/exports/${encodeURIComponent(exportId)}`,
      headers: this.authHeaders(),
    });
    if (answer.status !== 200) throw new ApiRequestError(`get ${exportId}`, answer);
    return answer.json as ExportResource;
  }

  /** Any request, authenticated unless the headers say otherwise; the answer is captured either way. */
  async request(request: RawRequest): Promise<ApiAnswer> {
    const response = await fetch(`${this.baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers ?? this.authHeaders(),
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    const headers = Object.fromEntries(response.headers.entries());
    this.traffic.record({ method: request.method, path: request.path, status: response.status, headers, body: text });
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers, text, json };
  }

  authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}` };
  }

  jsonHeaders(): Record<string, string> {
    return { ...this.authHeaders(), 'content-type': 'application/json' };
  }
}
