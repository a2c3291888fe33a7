// The one error of a call to Tencent, for both API generations: a Tencent error answer or a failed call,
// classified retryable or not from the one code table. It holds no credentials.
import type { ExportError } from './export-status';
import { isRetryClassRetryable, TRANSPORT_ERROR_CODES, type TransportErrorCode } from './tencent-error-codes';

export type CrsErrorKind = 'api' | 'network' | 'timeout' | 'http' | 'invalid-response' | 'request' | 'aborted';

/** The plain, serialisable form (logs, tests). */
export interface CrsApiErrorJson {
  /** Tencent's code (v2: business code if present, else platform code; 3.0: e.g. `AuthFailure.SignatureFailure`), or a transport code. */
  code: number | string;
  name: string;
  message: string;
  retryable: boolean;
  action: string;
  apiVersion: 2 | 3;
  /** 3.0's RequestId (or the trace id when the call got no answer); null where Tencent gives none (v2). */
  requestId: string | null;
  /** v2: the top-level `code` of the answer; null when there was no answer. */
  platformCode: number | null;
  /** v2: the 5-digit Redis code (from `code` or from a `(NNNNN)` message prefix). */
  businessCode: number | null;
  httpStatus: number | null;
}

export interface CrsApiErrorInit {
  kind: CrsErrorKind;
  action: string;
  code: number | string;
  codeName: string;
  retryable: boolean;
  /** What Tencent (or the transport) said, already free of credentials. */
  detail: string;
  apiVersion?: 2 | 3;
  requestId?: string | null;
  platformCode?: number | null;
  businessCode?: number | null;
  httpStatus?: number | null;
}

export class CrsApiError extends Error {
  readonly kind: CrsErrorKind;
  readonly action: string;
  readonly code: number | string;
  readonly codeName: string;
  readonly retryable: boolean;
  readonly detail: string;
  readonly apiVersion: 2 | 3;
  readonly requestId: string | null;
  readonly platformCode: number | null;
  readonly businessCode: number | null;
  readonly httpStatus: number | null;

  constructor(init: CrsApiErrorInit) {
    super(messageOf(init));
    this.kind = init.kind;
    this.action = init.action;
    this.code = init.code;
    this.codeName = init.codeName;
    this.retryable = init.retryable;
    this.detail = init.detail;
    this.apiVersion = init.apiVersion ?? 2;
    this.requestId = init.requestId ?? null;
    this.platformCode = init.platformCode ?? null;
    this.businessCode = init.businessCode ?? null;
    this.httpStatus = init.httpStatus ?? null;
  }

  toJSON(): CrsApiErrorJson {
    return {
      code: this.code,
      name: this.codeName,
      message: this.message,
      retryable: this.retryable,
      action: this.action,
      apiVersion: this.apiVersion,
      requestId: this.requestId,
      platformCode: this.platformCode,
      businessCode: this.businessCode,
      httpStatus: this.httpStatus,
    };
  }

  /** Only the fields the export contract names: no parameters, no HTTP details, never a credential. */
  toExportError(): ExportError {
    return {
      type: 'CrsApiError',
      code: this.code,
      name: this.codeName,
      message: this.requestId ? `${this.message} (RequestId ${this.requestId})` : this.message,
      retryable: this.retryable,
      action: this.action,
    };
  }

  static timeout(action: string, timeoutMs: number, apiVersion: 2 | 3 = 2): CrsApiError {
    return transport('timeout', action, 'Timeout', `timed out after ${timeoutMs} ms`, apiVersion);
  }

  static network(action: string, detail: string, apiVersion: 2 | 3 = 2): CrsApiError {
    return transport('network', action, 'NetworkError', `network error: ${detail}`, apiVersion);
  }

  static request(action: string, detail: string, apiVersion: 2 | 3 = 2): CrsApiError {
    return transport('request', action, 'RequestError', `request could not be sent: ${detail}`, apiVersion);
  }

  static aborted(action: string, apiVersion: 2 | 3 = 2): CrsApiError {
    return transport('aborted', action, 'Aborted', 'cancelled by the caller', apiVersion);
  }

  static http(
    action: string,
    httpStatus: number,
    statusText: string,
    retryable: boolean,
    apiVersion: 2 | 3 = 2,
  ): CrsApiError {
    const detail = `HTTP ${httpStatus}${statusText ? ` ${statusText}` : ''}`;
    return new CrsApiError({
      kind: 'http',
      action,
      code: 'HttpError',
      codeName: 'HttpError',
      retryable,
      detail,
      httpStatus,
      apiVersion,
    });
  }

  static invalidResponse(
    action: string,
    detail: string,
    httpStatus: number | null,
    options: { apiVersion?: 2 | 3; retryable?: boolean } = {},
  ): CrsApiError {
    const info = TRANSPORT_ERROR_CODES.InvalidResponse;
    return new CrsApiError({
      kind: 'invalid-response',
      action,
      code: 'InvalidResponse',
      codeName: info.name,
      retryable: options.retryable ?? isRetryClassRetryable(info.retry),
      detail: `invalid response: ${detail}`,
      httpStatus,
      apiVersion: options.apiVersion ?? 2,
    });
  }
}

// The stack header reads `name` from the prototype, so set it there (an own field would be too late).
Object.defineProperty(CrsApiError.prototype, 'name', { value: 'CrsApiError', enumerable: false });

export function isCrsApiError(value: unknown): value is CrsApiError {
  return value instanceof CrsApiError;
}

function transport(
  kind: CrsErrorKind,
  action: string,
  code: TransportErrorCode,
  detail: string,
  apiVersion: 2 | 3,
): CrsApiError {
  const info = TRANSPORT_ERROR_CODES[code];
  return new CrsApiError({
    kind,
    action,
    code,
    codeName: info.name,
    retryable: isRetryClassRetryable(info.retry),
    detail,
    apiVersion,
  });
}

function messageOf(init: CrsApiErrorInit): string {
  if (init.kind !== 'api') return `${init.action}: ${init.detail}`;
  const head = String(init.code) === init.codeName ? init.codeName : `${String(init.code)} ${init.codeName}`;
  return `${init.action}: ${head}: ${init.detail || '(no message)'}`;
}
