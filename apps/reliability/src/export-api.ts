// The HTTP API as a client sees it: start, get, list and cancel exports over one or more replicas; every
// answer is captured. Requests go round-robin over the replicas; one a replica cannot take (it is down: the
// connection is refused, or, for a request safe to repeat, dropped) goes to the next, as a load balancer
// in front of them would send it.
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
  /**
   * Safe to send again when the connection dropped before an answer (reads, and starts and cancels, which
   * are idempotent by export id). The fuzz leaves it unset: a dropped connection there is a finding.
   */
  repeatable?: boolean;
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

/** What the replicas answered: requests per replica, and requests one replica could not take. */
export interface ReplicaStats {
  answeredBy: Record<string, number>;
  failovers: number;
}

/** No answer because nothing listens (or the connection was reset before one): the replica is down. */
function transportCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (error instanceof TypeError && cause && typeof cause.code === 'string') return cause.code;
  return null;
}

const DOWN_CODES = new Set(['ECONNREFUSED']);
const DROPPED_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);

export class ExportApi {
  private readonly baseUrls: string[];
  private next = 0;
  private readonly stats: ReplicaStats;

  constructor(
    baseUrls: string | readonly string[],
    private readonly apiKey: string,
    private readonly traffic: CapturedTraffic,
  ) {
    this.baseUrls = typeof baseUrls === 'string' ? [baseUrls] : [...baseUrls];
    if (this.baseUrls.length === 0) throw new Error('ExportApi needs at least one API replica');
    this.stats = { answeredBy: Object.fromEntries(this.baseUrls.map((url) => [url, 0])), failovers: 0 };
  }

  /** The first replica's URL. */
  get url(): string {
    return this.baseUrls[0] as string;
  }

  get replicas(): readonly string[] {
    return this.baseUrls;
  }

  /** A copy of the counts so far; diff two of them for one scenario's. */
  replicaStats(): ReplicaStats {
    return { answeredBy: { ...this.stats.answeredBy }, failovers: this.stats.failovers };
  }

  /** POST /exports: 201 for a new export, 200 for the one already running. */
  async startExport(target: ExportTarget): Promise<{ created: boolean; resource: ExportResource }> {
    const answer = await this.request({
      method: 'POST',
      path: '/exports',
      headers: this.jsonHeaders(),
      body: JSON.stringify({ redisId: target.redisId, backupId: target.backupId, region: target.region }),
      repeatable: true,
    });
    if (answer.status !== 201 && answer.status !== 200)
      throw new ApiRequestError(`start ${target.redisId}/${target.backupId}`, answer);
    return { created: answer.status === 201, resource: answer.json as ExportResource };
  }

  async getExport(exportId: string): Promise<ExportResource> {
    const answer = await this.request({
      method: 'GET',
      // The suite's key has every scope: it asks for the download URLs, as a caller who fetches them would.
      path: `/exports/${encodeURIComponent(exportId)}?include=urls`,
      headers: this.authHeaders(),
      repeatable: true,
    });
    if (answer.status !== 200) throw new ApiRequestError(`get ${exportId}`, answer);
    return answer.json as ExportResource;
  }

  /**
   * Any request, authenticated unless the headers say otherwise, to the next replica, and to the one after
   * when that one is down; the answer is captured either way.
   */
  async request(request: RawRequest): Promise<ApiAnswer> {
    const first = this.next++ % this.baseUrls.length;
    let lastError: unknown = null;
    for (let i = 0; i < this.baseUrls.length; i++) {
      const baseUrl = this.baseUrls[(first + i) % this.baseUrls.length] as string;
      try {
        const answer = await this.send(baseUrl, request);
        this.stats.answeredBy[baseUrl] = (this.stats.answeredBy[baseUrl] ?? 0) + 1;
        return answer;
      } catch (error) {
        const code = transportCode(error);
        const down =
          code !== null && (DOWN_CODES.has(code) || (request.repeatable === true && DROPPED_CODES.has(code)));
        if (!down) throw error;
        lastError = error;
        if (i < this.baseUrls.length - 1) this.stats.failovers++;
      }
    }
    throw lastError;
  }

  private async send(baseUrl: string, request: RawRequest): Promise<ApiAnswer> {
    const response = await fetch(`${baseUrl}${request.path}`, {
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
