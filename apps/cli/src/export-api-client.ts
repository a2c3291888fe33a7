// The HTTP API of crs-export as the CLI calls it: typed methods, a timeout on every call, problem+json errors.
import type { ExportResource, ExportResourcePage, ListExportsOptions, Problem } from './export-resource';

/** The API answered with an error status; `problem` holds its RFC 9457 body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(`${operation}: ${status} ${problem?.title ?? 'error'}${problem?.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'ApiError';
  }
}

/** The API could not be reached or did not answer in time. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly operation: string,
    readonly baseUrl: string,
    cause: unknown,
  ) {
    super(`${operation}: cannot reach the API at ${baseUrl} (${describeCause(cause)})`);
    this.name = 'ApiUnreachableError';
  }
}

export interface ExportApiClientOptions {
  baseUrl: string;
  apiKey: string | null;
  timeoutMs?: number;
}

export interface StartExportResult {
  /** false: that backup's export was already running, and this is it. */
  created: boolean;
  export: ExportResource;
}

export class ExportApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ExportApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async startExport(
    input: { redisId: string; backupId: string; region?: string; remark?: string; storageDays?: number },
    idempotencyKey?: string,
  ): Promise<StartExportResult> {
    const headers: Record<string, string> = idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey };
    const { status, body } = await this.call<ExportResource>('start export', 'POST', '/exports', input, headers);
    return { created: status === 201, export: body };
  }

  /** With `urls`, the files' download URLs too (bearer secrets; the API asks for scope urls). */
  async getExport(exportId: string, options: { urls?: boolean } = {}): Promise<ExportResource> {
    const path = `/exports/${encodeURIComponent(exportId)}${options.urls ? '?include=urls' : ''}`;
    return (await this.call<ExportResource>('get export', 'GET', path)).body;
  }

  async listExports(filter: ListExportsOptions = {}): Promise<ExportResourcePage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    const { body } = await this.call<ExportResourcePage>('list exports', 'GET', `/exports${suffix}`);
    return { items: body.items ?? [], nextCursor: body.nextCursor ?? null };
  }

  /** Asks the export to stop; resolves with the resource when the API returns one. */
  async cancelExport(exportId: string, reason?: string): Promise<ExportResource | null> {
    const { body } = await this.call<ExportResource | null>(
      'cancel export',
      'POST',
      `/exports/${encodeURIComponent(exportId)}/cancel`,
      reason === undefined ? {} : { reason },
    );
    return body && typeof body === 'object' && 'exportId' in body ? body : null;
  }

  /** Runs a FAILED export again under its ID (POST /exports/{id}/retry). */
  async retryExport(exportId: string): Promise<ExportResource> {
    const path = `/exports/${encodeURIComponent(exportId)}/retry`;
    return (await this.call<ExportResource>('retry export', 'POST', path, {})).body;
  }

  /** One call of the API (also for the batch and schedule clients): JSON in and out, problems as ApiError. */
  async call<T>(
    operation: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...extraHeaders };
    if (this.options.apiKey) headers['Authorization'] = `Bearer ${this.options.apiKey}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new ApiUnreachableError(operation, this.baseUrl, error);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const problem = isProblem(parsed)
        ? parsed
        : { title: response.statusText || undefined, detail: text.slice(0, 200) || undefined };
      throw new ApiError(operation, response.status, problem);
    }
    return { status: response.status, body: parsed as T };
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('title' in value || 'detail' in value || 'type' in value);
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    if (cause.name === 'TimeoutError') return 'timed out';
    const inner = (cause as Error & { cause?: { code?: string; message?: string } }).cause;
    return inner?.code ?? inner?.message ?? cause.message;
  }
  return String(cause);
}
