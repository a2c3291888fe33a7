// The one error type of the CRS client: a Tencent error answer or a failed call, classified retryable or not.
import { CRS_TRANSPORT_CODES, type CrsTransportCode } from './crs-error-codes';

export type CrsErrorKind = 'api' | 'network' | 'timeout' | 'http' | 'invalid-response' | 'request' | 'aborted';

/** The plain, serialisable form (what the activities put into Temporal failures). Holds no credentials. */
export interface CrsApiErrorJson {
  /** Business code if present, else platform code, else a transport code such as 'Timeout'. */
  code: number | CrsTransportCode | string;
  /** `codeDesc` (e.g. 'OnlyClusterInstanceCanExportBackup') or the transport code's name. */
  name: string;
  message: string;
  retryable: boolean;
  action: string;
  /** The top-level `code` of a CRS answer; null when there was no CRS answer. */
  platformCode: number | null;
  /** The 5-digit Redis code (from `code` or from a `(NNNNN)` message prefix); null when there is none. */
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
      platformCode: this.platformCode,
      businessCode: this.businessCode,
      httpStatus: this.httpStatus,
    };
  }

  static timeout(action: string, timeoutMs: number): CrsApiError {
    return transport('timeout', action, 'Timeout', `timed out after ${timeoutMs} ms`);
  }

  static network(action: string, detail: string): CrsApiError {
    return transport('network', action, 'NetworkError', `network error: ${detail}`);
  }

  static request(action: string, detail: string): CrsApiError {
    return transport('request', action, 'RequestError', `request could not be sent: ${detail}`);
  }

  static aborted(action: string): CrsApiError {
    return transport('aborted', action, 'Aborted', 'cancelled by the caller');
  }

  static http(action: string, httpStatus: number, statusText: string, retryable: boolean): CrsApiError {
    const detail = `HTTP ${httpStatus}${statusText ? ` ${statusText}` : ''}`;
    return new CrsApiError({
      kind: 'http',
      action,
      code: 'HttpError',
      codeName: 'HttpError',
      retryable,
      detail,
      httpStatus,
    });
  }

  static invalidResponse(action: string, detail: string, httpStatus: number | null): CrsApiError {
    const info = CRS_TRANSPORT_CODES.InvalidResponse;
    return new CrsApiError({
      kind: 'invalid-response',
      action,
      code: 'InvalidResponse',
      codeName: info.name,
      retryable: info.retryable,
      detail: `invalid response: ${detail}`,
      httpStatus,
    });
  }
}

// The stack header reads `name` from the prototype, so set it there (an own field would be too late).
Object.defineProperty(CrsApiError.prototype, 'name', { value: 'CrsApiError', enumerable: false });

export function isCrsApiError(value: unknown): value is CrsApiError {
  return value instanceof CrsApiError;
}

function transport(kind: CrsErrorKind, action: string, code: CrsTransportCode, detail: string): CrsApiError {
  const info = CRS_TRANSPORT_CODES[code];
  return new CrsApiError({ kind, action, code, codeName: info.name, retryable: info.retryable, detail });
}

function messageOf(init: CrsApiErrorInit): string {
  if (init.kind !== 'api') return `${init.action}: ${init.detail}`;
  return `${init.action}: ${init.code} ${init.codeName}: ${init.detail || '(no message)'}`;
}
