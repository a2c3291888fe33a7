// Every way a 3.0 call can fail, as the one CrsApiError (apiVersion 3): Tencent's error answers with their
// string code, RequestId and the code table's retry class; and what the SDK throws for HTTP errors, network
// errors, bodies that are not JSON and answers without `Response`; our timeout and the caller's abort.
// Messages are redacted: no secret, token, signature or URL query ever reaches an error.
import {
  CrsApiError,
  isRetryableHttpStatus,
  isRetryClassRetryable,
  TRANSPORT_ERROR_CODES,
  v3RetryClass,
  type CrsErrorKind,
  type TransportErrorCode,
} from '@crs-export/contracts';

/** What the classification needs to know of the call that failed. */
export interface FailureContext {
  action: string;
  /** Our X-TC-TraceId of the call: the id to quote when Tencent gave no RequestId. */
  traceId: string;
  timeoutMs: number;
  /** Our own deadline fired. */
  timedOut: boolean;
  /** The caller's signal aborted the call. */
  callerAborted: boolean;
  redact: (text: string) => string;
}

/** The fields of the SDK's TencentCloudSDKHttpException (not exported by the package's entry: duck-typed). */
interface SdkException extends Error {
  requestId: string;
  traceId: string;
  code?: unknown;
  httpCode?: unknown;
}

function isSdkException(error: unknown): error is SdkException {
  if (!(error instanceof Error)) return false;
  const fields = error as Partial<SdkException>;
  return typeof fields.requestId === 'string' && typeof fields.traceId === 'string';
}

/** node-fetch's FetchError, thrown raw by the SDK while it reads a body (node-fetch v2 is the SDK's transport). */
function fetchErrorType(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'FetchError') return null;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'unknown';
}

/** A Tencent error answer: code and message as Tencent sent them, retryable per the one code table. */
export function v3ApiError(action: string, code: string, message: string, requestId: string | null): CrsApiError {
  return new CrsApiError({
    kind: 'api',
    action,
    code,
    codeName: code,
    retryable: isRetryClassRetryable(v3RetryClass(code)),
    detail: message,
    apiVersion: 3,
    requestId: requestId || null,
  });
}

/** One of our transport codes (Timeout, NetworkError, ...), with the table's retry class unless told otherwise. */
export function v3TransportError(
  kind: CrsErrorKind,
  code: TransportErrorCode,
  action: string,
  detail: string,
  extra: { requestId?: string | null; httpStatus?: number | null; retryable?: boolean } = {},
): CrsApiError {
  const info = TRANSPORT_ERROR_CODES[code];
  return new CrsApiError({
    kind,
    action,
    code,
    codeName: info.name,
    retryable: extra.retryable ?? isRetryClassRetryable(info.retry),
    detail,
    apiVersion: 3,
    requestId: extra.requestId ?? null,
    httpStatus: extra.httpStatus ?? null,
  });
}

/** Whatever a call threw, as the CrsApiError it stands for. */
export function crsErrorOf(error: unknown, context: FailureContext): CrsApiError {
  const { action, traceId, redact } = context;
  if (error instanceof CrsApiError) return error;
  // Our deadline and the caller's abort both abort the SDK's fetch: the SDK then reports "The user aborted
  // a request", which only our flags can tell apart.
  if (context.timedOut) {
    return v3TransportError('timeout', 'Timeout', action, `timed out after ${context.timeoutMs} ms`, {
      requestId: traceId,
    });
  }
  if (context.callerAborted) return v3TransportError('aborted', 'Aborted', action, 'cancelled by the caller');
  if (isSdkException(error)) {
    if (typeof error.code === 'string' && error.code !== '') {
      return v3ApiError(action, error.code, redact(error.message), error.requestId || null);
    }
    if (typeof error.httpCode === 'number') {
      const status = error.httpCode;
      const detail = `HTTP ${status}${error.message ? ` ${redact(error.message)}` : ''}`;
      return v3TransportError('http', 'HttpError', action, detail, {
        httpStatus: status,
        retryable: isRetryableHttpStatus(status),
        requestId: error.requestId || error.traceId || traceId,
      });
    }
    // The SDK's own reqTimeout (a backstop above ours) reads "network timeout at: <url>".
    if (/^network timeout at/i.test(error.message)) {
      return v3TransportError('timeout', 'Timeout', action, 'timed out (the SDK request timeout)', {
        requestId: traceId,
      });
    }
    return v3TransportError('network', 'NetworkError', action, `network error: ${redact(error.message)}`, {
      requestId: error.traceId || traceId,
    });
  }
  const fetchType = fetchErrorType(error);
  if (fetchType === 'invalid-json' || error instanceof SyntaxError) {
    // A 200 whose body is not JSON: a gateway's page or a cut-off body, so worth another attempt (§3.4).
    return v3TransportError('invalid-response', 'InvalidResponse', action, 'invalid response: the body is not JSON', {
      httpStatus: 200,
      retryable: true,
      requestId: traceId,
    });
  }
  if (fetchType === 'body-timeout' || fetchType === 'request-timeout') {
    return v3TransportError('timeout', 'Timeout', action, 'timed out while reading the answer', { requestId: traceId });
  }
  if (fetchType !== null) {
    const message = error instanceof Error ? redact(error.message) : 'unknown';
    return v3TransportError('network', 'NetworkError', action, `network error: ${message}`, { requestId: traceId });
  }
  if (error instanceof TypeError) {
    // The SDK reads `data.Response.Error` of every 200 without checking that `Response` is there.
    return v3TransportError('invalid-response', 'InvalidResponse', action, 'invalid response: no Response object', {
      httpStatus: 200,
      retryable: true,
      requestId: traceId,
    });
  }
  // Only the class name of something unexpected: its message might quote what was being sent.
  const name = error instanceof Error ? error.name : typeof error;
  return v3TransportError('request', 'RequestError', action, `request could not be sent: unexpected ${name}`);
}

/** The error of a SignatureExpire that came back after the request was signed anew: the clock is off. */
export function clockOffError(error: CrsApiError): CrsApiError {
  return new CrsApiError({
    kind: 'api',
    action: error.action,
    code: error.code,
    codeName: error.codeName,
    retryable: false,
    detail:
      `${error.detail} (signed anew with a fresh timestamp and refused again: this machine's clock is probably ` +
      'more than 5 minutes off; fix the clock, e.g. with NTP)',
    apiVersion: 3,
    requestId: error.requestId,
  });
}

/** Shorter strings are not redacted: they would mangle messages and are not real credentials. */
const MIN_REDACTED_LENGTH = 6;

/**
 * Replaces each credential (long enough to be one) with [redacted], every URL's query string (a GET's
 * parameters, a presigned URL's signature) with [redacted], and any TC3 signature.
 */
export function redactorOf(secrets: ReadonlyArray<string | null | undefined>): (text: string) => string {
  const found = secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= MIN_REDACTED_LENGTH,
  );
  return (text) => {
    let result = found.reduce((current, secret) => current.split(secret).join('[redacted]'), text);
    result = result.replace(/(\bhttps?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi, '$1?[redacted]');
    result = result.replace(/Signature=[0-9a-f]{16,}/gi, 'Signature=[redacted]');
    return result;
  };
}
