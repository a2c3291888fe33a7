// The CRS v2 API client on axios: common params, a fresh signature per call, one timeout per call,
// keep-alive sockets, and every failure turned into a classified CrsApiError that holds no credentials.
import { randomInt } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { Secret } from '@crs-export/config';
import { CrsApiError, isRetryableHttpStatus } from '@crs-export/contracts';
import {
  errorFromEnvelope,
  isErrorEnvelope,
  parseEnvelopeText,
  unwrapEnvelope,
  type CrsSuccess,
  type EnvelopeContext,
} from './crs-envelope';
import { readDescribeRedis, readDownloadUrls, readRedisBackupList, readTaskInfo, readTaskRef } from './crs-results';
import { normalizeParamKeys, signRequest } from './signature';
import { encodeWireComponent, encodeWireParams, flattenActionParams, type ActionParams } from './wire-encoding';
import type {
  BackupDownloadUrls,
  CrsApi,
  V2CallOptions,
  DescribeRedisParams,
  DescribeRedisResult,
  GetRedisBackupListParams,
  GetRedisBackupListResult,
  HttpMethod,
  RedisBackup,
  SignatureMethod,
  TaskInfo,
  TaskRef,
} from './crs-api';

/** What the `onCall` hook sees of each call: enough for metrics and logs, never a credential or a parameter. */
export interface CrsCallEvent {
  action: string;
  region: string;
  durationMs: number;
  outcome: 'ok' | 'error';
  /** 0 on success; otherwise the error's code (business, platform or transport code). */
  code: number | string;
  retryable: boolean | null;
  httpStatus: number | null;
}

export interface CrsClientOptions {
  /** e.g. https://redis.api.qcloud.com/v2/index.php, or the simulator's http://127.0.0.1:8090/v2/index.php */
  endpoint: string;
  secretId: string;
  secretKey: Secret | string;
  /** The v2 `Region` common parameter, e.g. 'gz'. */
  region: string;
  /** Token of a temporary credential; signed and sent as `Token`. */
  token?: Secret | string;
  /** Default HmacSHA256. */
  signatureMethod?: SignatureMethod;
  /** Default POST (form body); GET puts every parameter in the query string. */
  httpMethod?: HttpMethod;
  /** Whole-call deadline (connect, send, answer). Default 10 000 ms. */
  timeoutMs?: number;
  /** Reuse sockets between calls (default true). Ignored for a protocol whose agent is given below. */
  keepAlive?: boolean;
  /** Most sockets per host for the client's own agents (default 256). */
  maxSockets?: number;
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
  /** Page size of listAllRedisBackups (default 100); the walk also copes with a server that caps it lower. */
  pageSize?: number;
  /** Clock in epoch milliseconds, for the Timestamp (tests). */
  now?: () => number;
  /** Nonce source (tests); default a random integer from 1 to 2^47. */
  nonce?: () => number;
  /** Called after every call; errors it throws are ignored. */
  onCall?: (event: CrsCallEvent) => void;
  /** Awaited before every request (the per-account rate limiter); rejecting fails the call with Aborted. */
  beforeCall?: (action: string, signal: AbortSignal | undefined) => Promise<void>;
}

export const DEFAULT_CRS_TIMEOUT_MS = 10_000;
export const DEFAULT_CRS_PAGE_SIZE = 100;
export const DEFAULT_CRS_MAX_SOCKETS = 256;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** listAllRedisBackups stops here rather than loop forever on a server whose paging is broken. */
const MAX_PAGES = 10_000;
/** Shorter strings are not redacted: they would mangle messages and are not real credentials. */
const MIN_REDACTED_LENGTH = 6;
/** Axios codes for a request that never could be sent: configuration problems, not transient ones. */
const REQUEST_ERROR_CODES = new Set([
  'ERR_BAD_OPTION_VALUE',
  'ERR_BAD_OPTION',
  'ERR_NOT_SUPPORT',
  'ERR_INVALID_URL',
  'ERR_DEPRECATED',
]);
const TIMEOUT_ERROR_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

export class CrsClient implements CrsApi {
  readonly region: string;
  readonly endpoint: string;
  readonly signatureMethod: SignatureMethod;
  readonly httpMethod: HttpMethod;
  readonly timeoutMs: number;
  readonly #options: CrsClientOptions;
  readonly #secretKey: Secret;
  readonly #token: Secret | null;
  /** What is signed as the host: URL `host`, i.e. hostname plus `:port` when the URL names a non-default port. */
  readonly #signedHost: string;
  readonly #path: string;
  readonly #httpAgent: HttpAgent;
  readonly #httpsAgent: HttpsAgent;
  readonly #ownedAgents: Array<HttpAgent | HttpsAgent> = [];
  readonly #http: AxiosInstance;

  constructor(options: CrsClientOptions) {
    const url = parseEndpoint(options.endpoint);
    this.endpoint = `${url.origin}${url.pathname}`;
    this.#signedHost = url.host;
    this.#path = url.pathname;
    this.region = options.region;
    this.signatureMethod = options.signatureMethod ?? 'HmacSHA256';
    this.httpMethod = options.httpMethod ?? 'POST';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CRS_TIMEOUT_MS;
    this.#secretKey = typeof options.secretKey === 'string' ? new Secret(options.secretKey) : options.secretKey;
    this.#token =
      options.token === undefined
        ? null
        : typeof options.token === 'string'
          ? new Secret(options.token)
          : options.token;
    // Keep the options without the secrets in plain text.
    this.#options = { ...options, secretKey: this.#secretKey, token: this.#token ?? undefined };
    const agentOptions = {
      keepAlive: options.keepAlive ?? true,
      maxSockets: options.maxSockets ?? DEFAULT_CRS_MAX_SOCKETS,
    };
    this.#httpAgent = options.httpAgent ?? this.#own(new HttpAgent(agentOptions));
    this.#httpsAgent = options.httpsAgent ?? this.#own(new HttpsAgent(agentOptions));
    this.#http = axios.create({
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      // A proxy from the environment would change the host the request reaches; use an agent for proxies.
      proxy: false,
      // A redirect would re-send the signed parameters to another host.
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      // Parse the body ourselves, so that a body that is not JSON becomes a clear InvalidResponse.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { 'User-Agent': 'crs-export-crs-client', Accept: 'application/json' },
    });
  }

  /** Destroys the sockets of the agents this client created (not of agents passed in). */
  close(): void {
    for (const agent of this.#ownedAgents) agent.destroy();
  }

  async describeRedis(params: DescribeRedisParams, options?: V2CallOptions): Promise<DescribeRedisResult> {
    const action = 'DescribeRedis';
    return this.#invoke(action, { limit: 20, offset: 0, ...params }, options, (answer) =>
      readDescribeRedis(action, answer),
    );
  }

  async getRedisBackupList(
    params: GetRedisBackupListParams,
    options?: V2CallOptions,
  ): Promise<GetRedisBackupListResult> {
    const action = 'GetRedisBackupList';
    return this.#invoke(action, { limit: 20, offset: 0, ...params }, options, (answer) =>
      readRedisBackupList(action, answer),
    );
  }

  /** Walks the pages by row offset until it has `totalCount` backups or a page comes back empty. */
  async listAllRedisBackups(
    params: Omit<GetRedisBackupListParams, 'limit' | 'offset'>,
    options?: V2CallOptions,
  ): Promise<RedisBackup[]> {
    const limit = this.#options.pageSize ?? DEFAULT_CRS_PAGE_SIZE;
    const backups: RedisBackup[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { totalCount, redisBackupSet } = await this.getRedisBackupList(
        { ...params, limit, offset: backups.length },
        options,
      );
      backups.push(...redisBackupSet);
      if (redisBackupSet.length === 0 || backups.length >= totalCount) return backups;
    }
    throw CrsApiError.invalidResponse('GetRedisBackupList', `paging did not end after ${MAX_PAGES} pages`, null);
  }

  async exportRedisBackup(params: { redisId: string; backupId: string }, options?: V2CallOptions): Promise<TaskRef> {
    const action = 'ExportRedisBackup';
    return this.#invoke(action, { redisId: params.redisId, backupId: params.backupId }, options, (answer) =>
      readTaskRef(action, answer),
    );
  }

  async describeTaskInfo(params: { requestId: number }, options?: V2CallOptions): Promise<TaskInfo> {
    const action = 'DescribeTaskInfo';
    return this.#invoke(action, { requestId: params.requestId }, options, (answer) => readTaskInfo(action, answer));
  }

  async getBackupDownloadUrl(
    params: { redisId: string; backupId: string },
    options?: V2CallOptions,
  ): Promise<BackupDownloadUrls> {
    const action = 'GetBackupDownloadUrl';
    return this.#invoke(action, { redisId: params.redisId, backupId: params.backupId }, options, (answer) =>
      readDownloadUrls(action, answer),
    );
  }

  async manualBackupInstance(params: { redisId: string; remark?: string }, options?: V2CallOptions): Promise<TaskRef> {
    const action = 'ManualBackupInstance';
    return this.#invoke(action, { redisId: params.redisId, remark: params.remark }, options, (answer) =>
      readTaskRef(action, answer),
    );
  }

  /**
   * Any v2 action: signs (a new Timestamp and Nonce every time, so a retry is never a replay), sends,
   * and returns the answer's data, or throws a CrsApiError. The client itself never retries.
   */
  async call(action: string, params: ActionParams, options?: V2CallOptions): Promise<CrsSuccess> {
    return this.#invoke(action, params, options, (answer) => answer);
  }

  /** Sends, reads the answer with `read` and reports the outcome (a result that cannot be read is an error too). */
  async #invoke<T>(
    action: string,
    params: ActionParams,
    options: V2CallOptions = {},
    read: (answer: CrsSuccess) => T,
  ): Promise<T> {
    const started = performance.now();
    const region = options.region ?? this.region;
    try {
      if (this.#options.beforeCall) {
        try {
          await this.#options.beforeCall(action, options.signal);
        } catch {
          throw CrsApiError.aborted(action);
        }
      }
      const result = read(await this.#send(action, params, options));
      this.#report({ action, region, started, outcome: 'ok', code: 0, retryable: null, httpStatus: null });
      return result;
    } catch (error) {
      // Only the class name of something unexpected: its message might quote what was being sent.
      const failure =
        error instanceof CrsApiError
          ? error
          : CrsApiError.request(action, `unexpected ${error instanceof Error ? error.name : typeof error}`);
      this.#report({
        action,
        region,
        started,
        outcome: 'error',
        code: failure.code,
        retryable: failure.retryable,
        httpStatus: failure.httpStatus,
      });
      throw failure;
    }
  }

  async #send(action: string, actionParams: ActionParams, options: V2CallOptions): Promise<CrsSuccess> {
    const signed = this.#sign(action, actionParams, options.region ?? this.region);
    const redact = redactorOf([
      this.#secretKey.reveal(),
      this.#token?.reveal(),
      signed.signature,
      encodeWireComponent(signed.signature),
    ]);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let response: AxiosResponse<unknown>;
    try {
      if (options.signal?.aborted) throw CrsApiError.aborted(action);
      response = await this.#http.request<unknown>({
        method: this.httpMethod,
        url: this.httpMethod === 'GET' ? `${this.endpoint}?${signed.wire}` : this.endpoint,
        data: this.httpMethod === 'POST' ? signed.wire : undefined,
        headers: this.httpMethod === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
        signal: controller.signal,
      });
    } catch (error) {
      if (error instanceof CrsApiError) throw error;
      if (timedOut) throw CrsApiError.timeout(action, timeoutMs);
      if (options.signal?.aborted) throw CrsApiError.aborted(action);
      throw transportError(action, error, timeoutMs, redact);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
    return readAnswer(action, response, redact);
  }

  #sign(action: string, actionParams: ActionParams, region: string): { signature: string; wire: string } {
    const common: Record<string, string> = {
      Action: action,
      Region: region,
      Timestamp: String(Math.floor((this.#options.now ?? Date.now)() / 1000)),
      Nonce: String((this.#options.nonce ?? defaultNonce)()),
      SecretId: this.#options.secretId,
    };
    // HmacSHA1 is what Tencent uses when SignatureMethod is absent; leaving it out then keeps the request
    // identical to the documented HmacSHA1 examples (reference §3.1 A, G).
    if (this.signatureMethod === 'HmacSHA256') common['SignatureMethod'] = 'HmacSHA256';
    if (this.#token) common['Token'] = this.#token.reveal();
    // Common params last, so that an action param can never overwrite them.
    const params = normalizeParamKeys({ ...flattenActionParams(actionParams), ...common });
    const signature = signRequest({
      method: this.httpMethod,
      host: this.#signedHost,
      path: this.#path,
      params,
      secretKey: this.#secretKey.reveal(),
    });
    const sorted = Object.keys(params)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => [key, params[key] ?? ''] as const);
    return { signature, wire: encodeWireParams([...sorted, ['Signature', signature]]) };
  }

  #report(event: {
    action: string;
    region: string;
    started: number;
    outcome: 'ok' | 'error';
    code: number | string;
    retryable: boolean | null;
    httpStatus: number | null;
  }): void {
    const hook = this.#options.onCall;
    if (!hook) return;
    const { started, ...rest } = event;
    try {
      hook({ ...rest, durationMs: performance.now() - started });
    } catch {
      // A metrics hook must never change the outcome of a call.
    }
  }

  #own<T extends HttpAgent | HttpsAgent>(agent: T): T {
    this.#ownedAgents.push(agent);
    return agent;
  }
}

function parseEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`CRS endpoint is not a URL: ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`CRS endpoint must be http(s): ${endpoint}`);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new TypeError(`CRS endpoint must have no query, fragment or user info: ${url.origin}${url.pathname}`);
  }
  return url;
}

function defaultNonce(): number {
  return randomInt(1, 2 ** 47);
}

/** Turns the HTTP answer into data, or into the CrsApiError it stands for. */
function readAnswer(action: string, response: AxiosResponse<unknown>, redact: (text: string) => string): CrsSuccess {
  const status = response.status;
  const text = typeof response.data === 'string' ? response.data : '';
  const context: EnvelopeContext = { action, httpStatus: status, redact };
  if (status < 200 || status >= 300) {
    if (isRetryableHttpStatus(status)) throw CrsApiError.http(action, status, redact(response.statusText ?? ''), true);
    // A 4xx that still carries a CRS error answer is classified by that answer.
    const body = tryParse(text, context);
    if (body && isErrorEnvelope(body)) throw errorFromEnvelope(body, context);
    throw CrsApiError.http(action, status, redact(response.statusText ?? ''), false);
  }
  return unwrapEnvelope(parseEnvelopeText(text, context), context);
}

function tryParse(text: string, context: EnvelopeContext): ReturnType<typeof parseEnvelopeText> | null {
  try {
    return parseEnvelopeText(text, context);
  } catch {
    return null;
  }
}

/** A failed axios call as a CrsApiError, keeping only the error code and a redacted message: never the config. */
function transportError(
  action: string,
  error: unknown,
  timeoutMs: number,
  redact: (text: string) => string,
): CrsApiError {
  const code = axios.isAxiosError(error) ? error.code : (error as { code?: unknown } | null)?.code;
  const codeText = typeof code === 'string' ? code : 'UNKNOWN';
  const message = error instanceof Error ? redact(error.message) : 'unknown error';
  if (TIMEOUT_ERROR_CODES.has(codeText)) return CrsApiError.timeout(action, timeoutMs);
  if (REQUEST_ERROR_CODES.has(codeText)) return CrsApiError.request(action, `${codeText}: ${message}`);
  return CrsApiError.network(action, message.includes(codeText) ? message : `${codeText}: ${message}`);
}

/** Replaces every occurrence of each credential (long enough to be one) with [redacted]. */
function redactorOf(secrets: Array<string | undefined>): (text: string) => string {
  const found = secrets.filter(
    (secret): secret is string => secret !== undefined && secret.length >= MIN_REDACTED_LENGTH,
  );
  return (text) => found.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}
