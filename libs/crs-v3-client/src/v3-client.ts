// The CRS API 3.0 client on Tencent's own SDK (tencentcloud-sdk-nodejs-common's CommonClient: TC3 signing
// and transport): typed actions, a region per call, our own deadline on every call combined with the
// caller's signal, hooks for metrics and a rate limiter, AuthFailure.SignatureExpire signed anew once, and
// every failure a CrsApiError (apiVersion 3) that holds no credential.
import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { CrsApiError, type CrsCallOptions } from '@crs-export/contracts';
import { agentFor, parseConnectTo, type ConnectTarget } from './connect-to-agent';
import type { SdkCredential } from './refreshing-credential';
import { CredentialUnavailableError } from './tencent-credentials';
import {
  V3_API_VERSION,
  type DescribeBackupDetailRequest,
  type DescribeBackupDetailResult,
  type DescribeBackupDownloadRestrictionResult,
  type DescribeBackupUrlRequest,
  type DescribeBackupUrlResult,
  type DescribeInstanceBackupsRequest,
  type DescribeInstanceBackupsResult,
  type DescribeInstancesRequest,
  type DescribeInstancesResult,
  type DescribeTaskInfoRequest,
  type DescribeTaskInfoResult,
  type ManualBackupInstanceRequest,
  type ManualBackupInstanceResult,
  type V3ActionName,
} from './v3-actions';
import { parseV3Endpoint, v3RegionName, type V3Protocol } from './v3-endpoint';
import { clockOffError, crsErrorOf, redactorOf, v3TransportError } from './v3-errors';
import {
  readDescribeBackupDetail,
  readDescribeBackupDownloadRestriction,
  readDescribeBackupUrl,
  readDescribeInstanceBackups,
  readDescribeInstances,
  readDescribeTaskInfo,
  readManualBackupInstance,
} from './v3-results';

/** What `onCall` sees of each request sent (a re-signed one is a second event): never a credential or a parameter. */
export interface V3CallEvent {
  action: string;
  /** The long region name the request named. */
  region: string;
  durationMs: number;
  outcome: 'ok' | 'error';
  /** 0 on success; otherwise the error's code (a 3.0 code or a transport code such as Timeout). */
  code: number | string;
  retryable: boolean | null;
  httpStatus: number | null;
  requestId: string | null;
  /** 1, or 2 for the request signed anew after AuthFailure.SignatureExpire. */
  attempt: number;
}

/** Anything with the SDK's DynamicCredential shape; `tencentCredentialOf(...)` makes one of each source. */
export interface V3CredentialProvider {
  getCredential(): Promise<SdkCredential>;
}

export interface CrsV3ClientOptions {
  credential: V3CredentialProvider;
  /** Host (or https:// URL) the SDK signs and sends as Host; default redis.tencentcloudapi.com. */
  endpoint?: string;
  /** Default https:// (or the endpoint URL's scheme); http:// for the simulator. */
  protocol?: V3Protocol;
  /** `host:port` every socket connects to instead of the endpoint host (the simulator: 127.0.0.1:8090). */
  connectTo?: string | null;
  /** Deadline of every call (credentials, rate limiter wait, request, answer). Default 10 000 ms, at most 10 min. */
  timeoutMs?: number;
  /** Default POST (JSON body); GET puts the parameters in the query string. */
  reqMethod?: 'POST' | 'GET';
  /** X-TC-Language of Tencent's error messages; default en-US. */
  language?: 'zh-CN' | 'en-US';
  /** Keep sockets alive between calls (default true). */
  keepAlive?: boolean;
  /** Most sockets per host (default 256). */
  maxSockets?: number;
  /** An HTTP(S) proxy URL; the SDK then builds its proxy agent (environment proxies are otherwise ignored). */
  proxy?: string;
  /** Called after each request; what it throws is ignored. */
  onCall?: (event: V3CallEvent) => void;
  /**
   * Awaited before each request (the per-account rate limiter). `signal` aborts when the call's deadline
   * passes or the caller cancels; the wait counts against the call's deadline. A CrsApiError it throws fails
   * the call as is.
   */
  beforeCall?: (action: string, signal: AbortSignal) => Promise<void>;
}

/** Per-call options: the region (short or long name) and the port's signal and timeout. */
export interface V3CallOptions extends CrsCallOptions {
  region: string;
}

export const DEFAULT_V3_TIMEOUT_MS = 10_000;
export const MAX_V3_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_V3_MAX_SOCKETS = 256;
/** The SDK's own request timeout (seconds): a backstop above any deadline of ours, which always fires first. */
const SDK_BACKSTOP_TIMEOUT_S = MAX_V3_TIMEOUT_MS / 1000 + 60;
const SIGNATURE_EXPIRE = 'AuthFailure.SignatureExpire';

/** Our deadline and the caller's signal as one signal, and a way to stop waiting on anything when it fires. */
class CallDeadline {
  readonly signal: AbortSignal;
  timedOut = false;
  callerAborted = false;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = (): void => {
    this.callerAborted = true;
    this.#controller.abort();
  };
  readonly #aborted: Promise<never>;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.signal = this.#controller.signal;
    this.#caller = caller;
    this.#aborted = new Promise<never>((_, reject) => {
      this.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true });
    });
    // Raced, never awaited alone: a rejection nobody waits for must not surface.
    this.#aborted.catch(() => undefined);
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#controller.abort();
    }, timeoutMs);
    if (caller?.aborted) this.#onCallerAbort();
    else caller?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /** The promise's outcome, or a rejection as soon as the deadline passes or the caller aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#aborted]);
  }

  /**
   * Stops the timer and aborts the signal: a socket whose answer was never read (an HTTP error) is then
   * destroyed instead of being held; a request that ended cleanly is not affected.
   */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
    if (!this.signal.aborted) this.#controller.abort();
  }
}

/** The request without undefined fields (a GET would send them as empty strings). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key, compact(entry)]),
    );
  }
  return value;
}

/** The client's actions as the adapter uses them (a test can hand in a fake of just these). */
export type V3Api = Pick<
  CrsV3Client,
  | 'describeInstances'
  | 'describeInstanceBackups'
  | 'describeBackupDetail'
  | 'manualBackupInstance'
  | 'describeTaskInfo'
  | 'describeBackupUrl'
  | 'close'
>;

export class CrsV3Client {
  /** The host the SDK signs and sends as Host. */
  readonly host: string;
  readonly protocol: V3Protocol;
  /** Where sockets really go, or null for the host itself. */
  readonly connectTo: ConnectTarget | null;
  readonly timeoutMs: number;
  readonly #options: CrsV3ClientOptions;
  readonly #agent: Agent | null;
  /**
   * One CommonClient per region, made on first use. Not one client whose region changes per call: the SDK
   * reads `this.region` after awaiting the credential, so concurrent calls would sign each other's regions.
   * A CommonClient is a small immutable profile (about 0.2 µs to build); the sockets are the agent's, shared.
   */
  readonly #clients = new Map<string, CommonClient>();

  constructor(options: CrsV3ClientOptions) {
    const endpoint = parseV3Endpoint(options.endpoint, options.protocol);
    this.host = endpoint.host;
    this.protocol = endpoint.protocol;
    this.connectTo = options.connectTo ? parseConnectTo(options.connectTo) : null;
    this.timeoutMs = checkedTimeout(options.timeoutMs ?? DEFAULT_V3_TIMEOUT_MS);
    if (options.proxy && this.connectTo) throw new TypeError('connectTo and proxy exclude each other');
    this.#options = options;
    this.#agent = options.proxy
      ? null
      : agentFor({
          protocol: this.protocol,
          connectTo: this.connectTo,
          keepAlive: options.keepAlive ?? true,
          maxSockets: options.maxSockets ?? DEFAULT_V3_MAX_SOCKETS,
        });
  }

  describeInstances(request: DescribeInstancesRequest, options: V3CallOptions): Promise<DescribeInstancesResult> {
    return this.#invoke('DescribeInstances', request, options, readDescribeInstances);
  }

  describeInstanceBackups(
    request: DescribeInstanceBackupsRequest,
    options: V3CallOptions,
  ): Promise<DescribeInstanceBackupsResult> {
    return this.#invoke('DescribeInstanceBackups', request, options, readDescribeInstanceBackups);
  }

  describeBackupDetail(
    request: DescribeBackupDetailRequest,
    options: V3CallOptions,
  ): Promise<DescribeBackupDetailResult> {
    return this.#invoke('DescribeBackupDetail', request, options, readDescribeBackupDetail);
  }

  manualBackupInstance(
    request: ManualBackupInstanceRequest,
    options: V3CallOptions,
  ): Promise<ManualBackupInstanceResult> {
    return this.#invoke('ManualBackupInstance', request, options, readManualBackupInstance);
  }

  describeTaskInfo(request: DescribeTaskInfoRequest, options: V3CallOptions): Promise<DescribeTaskInfoResult> {
    return this.#invoke('DescribeTaskInfo', request, options, readDescribeTaskInfo);
  }

  describeBackupUrl(request: DescribeBackupUrlRequest, options: V3CallOptions): Promise<DescribeBackupUrlResult> {
    return this.#invoke('DescribeBackupUrl', request, options, readDescribeBackupUrl);
  }

  describeBackupDownloadRestriction(options: V3CallOptions): Promise<DescribeBackupDownloadRestrictionResult> {
    return this.#invoke('DescribeBackupDownloadRestriction', {}, options, readDescribeBackupDownloadRestriction);
  }

  /** Any other action of the redis service: its `Response` fields as Tencent sent them. */
  call(action: string, request: Record<string, unknown>, options: V3CallOptions): Promise<Record<string, unknown>> {
    return this.#invoke(action, request, options, (answer) => answer as Record<string, unknown>);
  }

  /** Destroys the sockets of the client's agent. */
  close(): void {
    this.#agent?.destroy();
    this.#clients.clear();
  }

  async #invoke<T>(
    action: V3ActionName | string,
    request: object,
    options: V3CallOptions,
    read: (answer: unknown) => T,
  ): Promise<T> {
    const region = v3RegionName(options.region);
    if (region === null) {
      const failure = v3TransportError(
        'request',
        'RequestError',
        action,
        `unknown region ${JSON.stringify(options.region)}`,
      );
      this.#report({ action, region: options.region, started: performance.now(), failure, attempt: 1 });
      throw failure;
    }
    let timeoutMs: number;
    try {
      timeoutMs = options.timeoutMs === undefined ? this.timeoutMs : checkedTimeout(options.timeoutMs);
    } catch (error) {
      const failure = v3TransportError('request', 'RequestError', action, (error as Error).message);
      this.#report({ action, region, started: performance.now(), failure, attempt: 1 });
      throw failure;
    }
    const deadline = new CallDeadline(timeoutMs, options.signal);
    const body = compact(request);
    try {
      try {
        return await this.#attempt(action, region, body, deadline, timeoutMs, read, 1);
      } catch (error) {
        // A stale timestamp: the SDK stamps each request anew, so sending again is signing anew. Twice means
        // this clock is off by more than Tencent's 5 minutes, which no retry fixes.
        if (!isSignatureExpire(error)) throw error;
        try {
          return await this.#attempt(action, region, body, deadline, timeoutMs, read, 2);
        } catch (again) {
          throw isSignatureExpire(again) ? clockOffError(again) : again;
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  /** One signed request: hook, credential, SDK call, reader; reported to onCall either way. */
  async #attempt<T>(
    action: string,
    region: string,
    body: unknown,
    deadline: CallDeadline,
    timeoutMs: number,
    read: (answer: unknown) => T,
    attempt: number,
  ): Promise<T> {
    const started = performance.now();
    const traceId = randomUUID();
    const secrets: Array<string | undefined> = [];
    try {
      if (deadline.signal.aborted) throw new Error('aborted before the call');
      const hook = this.#options.beforeCall;
      if (hook) await deadline.race(hook(action, deadline.signal));
      const credential = await deadline.race(this.#credential(action));
      secrets.push(credential.secretKey, credential.token);
      const answer: unknown = await deadline.race(
        this.#clientFor(region).request(action, body, {
          signal: deadline.signal,
          headers: { 'X-TC-TraceId': traceId },
        }),
      );
      const result = readAnswer(action, answer, read);
      this.#report({ action, region, started, failure: null, attempt, requestId: requestIdOf(answer) });
      return result;
    } catch (error) {
      const failure = crsErrorOf(error, {
        action,
        traceId,
        timeoutMs,
        timedOut: deadline.timedOut,
        callerAborted: deadline.callerAborted,
        redact: redactorOf(secrets),
      });
      this.#report({ action, region, started, failure, attempt });
      throw failure;
    }
  }

  /** The credential to sign with (the SDK asks the same cached provider again), or why there is none. */
  async #credential(action: string): Promise<SdkCredential> {
    let credential: SdkCredential;
    try {
      credential = await this.#options.credential.getCredential();
    } catch (error) {
      const redact = redactorOf([]);
      if (error instanceof CredentialUnavailableError && !error.retryable) {
        throw v3TransportError('request', 'RequestError', action, redact(error.message));
      }
      // The metadata service or STS failed: transient as far as we can tell.
      const message = error instanceof Error ? error.message : String(error);
      throw v3TransportError('network', 'NetworkError', action, `credentials unavailable: ${redact(message)}`);
    }
    if (!credential.secretId || !credential.secretKey) {
      throw v3TransportError(
        'request',
        'RequestError',
        action,
        'the credential provider gave an empty secret id or key',
      );
    }
    return credential;
  }

  #clientFor(region: string): CommonClient {
    let client = this.#clients.get(region);
    if (!client) {
      client = new CommonClient(this.host, V3_API_VERSION, {
        credential: this.#options.credential,
        region,
        profile: {
          signMethod: 'TC3-HMAC-SHA256',
          language: this.#options.language ?? 'en-US',
          httpProfile: {
            endpoint: this.host,
            protocol: this.protocol,
            reqMethod: this.#options.reqMethod ?? 'POST',
            reqTimeout: SDK_BACKSTOP_TIMEOUT_S,
            ...(this.#agent ? { agent: this.#agent } : {}),
            ...(this.#options.proxy ? { proxy: this.#options.proxy } : {}),
          },
        },
      });
      this.#clients.set(region, client);
    }
    return client;
  }

  #report(event: {
    action: string;
    region: string;
    started: number;
    failure: CrsApiError | null;
    attempt: number;
    requestId?: string | null;
  }): void {
    const hook = this.#options.onCall;
    if (!hook) return;
    const { failure } = event;
    try {
      hook({
        action: event.action,
        region: event.region,
        durationMs: performance.now() - event.started,
        outcome: failure ? 'error' : 'ok',
        code: failure ? failure.code : 0,
        retryable: failure ? failure.retryable : null,
        httpStatus: failure ? failure.httpStatus : null,
        requestId: failure ? failure.requestId : (event.requestId ?? null),
        attempt: event.attempt,
      });
    } catch {
      // A metrics hook must never change the outcome of a call.
    }
  }
}

/** The reader's result; a reader that trips over the answer (not a CrsApiError) must not look like a transport failure. */
function readAnswer<T>(action: string, answer: unknown, read: (answer: unknown) => T): T {
  try {
    return read(answer);
  } catch (error) {
    if (error instanceof CrsApiError) throw error;
    const name = error instanceof Error ? error.name : typeof error;
    throw v3TransportError(
      'invalid-response',
      'InvalidResponse',
      action,
      `invalid response: unreadable answer (${name})`,
      {
        httpStatus: 200,
        retryable: false,
      },
    );
  }
}

function requestIdOf(answer: unknown): string | null {
  const requestId = (answer as { RequestId?: unknown } | null)?.RequestId;
  return typeof requestId === 'string' && requestId !== '' ? requestId : null;
}

function isSignatureExpire(error: unknown): error is CrsApiError {
  return (
    (error as { code?: unknown } | null)?.code === SIGNATURE_EXPIRE && (error as { kind?: unknown }).kind === 'api'
  );
}

function checkedTimeout(timeoutMs: number): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_V3_TIMEOUT_MS) {
    throw new TypeError(`timeoutMs must be more than 0 and at most ${MAX_V3_TIMEOUT_MS}, got ${timeoutMs}`);
  }
  return timeoutMs;
}
