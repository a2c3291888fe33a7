// The one table that says what each Tencent CRS code means and whether a call that failed with it may be retried.
// Sources: reference §5 (platform codes), §8 (Redis business codes), DESIGN.md "Failures".

export interface CrsErrorCodeInfo {
  /** Tencent's `codeDesc` where it is documented (business codes, 4000); our own English name otherwise. */
  name: string;
  retryable: boolean;
}

/** Codes that are not Tencent's: the call never got a CRS answer, or the answer was not one. */
export type CrsTransportCode =
  'NetworkError' | 'Timeout' | 'HttpError' | 'InvalidResponse' | 'RequestError' | 'Aborted';

export const CRS_ERROR_CODES: Readonly<Record<number, CrsErrorCodeInfo>> = {
  // Platform codes (top-level `code`).
  4000: { name: 'InvalidParameter', retryable: false },
  4100: { name: 'AuthFailure', retryable: false },
  4101: { name: 'UnauthorizedOperation', retryable: false },
  4102: { name: 'UnauthorizedResource', retryable: false },
  4103: { name: 'UnauthorizedOperationResource', retryable: false },
  4104: { name: 'SecretIdNotFound', retryable: false },
  4105: { name: 'InvalidToken', retryable: false },
  4106: { name: 'MfaFailure', retryable: false },
  4110: { name: 'CamAuthFailure', retryable: false },
  // Expired request: the next attempt carries a fresh Timestamp.
  4200: { name: 'RequestExpired', retryable: true },
  4300: { name: 'AccessDenied', retryable: false },
  4400: { name: 'QuotaExceeded', retryable: true },
  // Replay (Nonce reused or Timestamp off): every attempt is signed anew with a new Nonce and Timestamp.
  4500: { name: 'ReplayAttack', retryable: true },
  4600: { name: 'ProtocolNotSupported', retryable: false },
  5000: { name: 'ResourceNotFound', retryable: false },
  5100: { name: 'ResourceOperationFailed', retryable: true },
  5200: { name: 'ResourcePurchaseFailed', retryable: false },
  5300: { name: 'InsufficientBalance', retryable: false },
  5400: { name: 'PartialSuccess', retryable: false },
  5500: { name: 'IdentityVerificationFailed', retryable: false },
  6000: { name: 'InternalError', retryable: true },
  6100: { name: 'VersionNotSupported', retryable: false },
  6200: { name: 'ApiTemporarilyUnavailable', retryable: true },
  // Redis business codes (in `code` itself, or as `(NNNNN)` at the start of `message`).
  10701: { name: 'InstanceNotExists', retryable: false },
  10702: { name: 'InstanceStatusAbnormal', retryable: true },
  10707: { name: 'InstanceLockedError', retryable: true },
  10710: { name: 'BackupLockedError', retryable: true },
  10711: { name: 'BackupStatusInvalid', retryable: false },
  10712: { name: 'PasswordError', retryable: false },
  11052: { name: 'UserNotInWhiteList', retryable: false },
  11059: { name: 'DealIdNotFound', retryable: false },
  11201: { name: 'InvalidParameter', retryable: false },
  11213: { name: 'BackupNotExists', retryable: false },
  11214: { name: 'OnlyClusterInstanceCanExportBackup', retryable: false },
};

export const CRS_TRANSPORT_CODES: Readonly<Record<CrsTransportCode, CrsErrorCodeInfo>> = {
  NetworkError: { name: 'NetworkError', retryable: true },
  Timeout: { name: 'Timeout', retryable: true },
  // Retryable only for the statuses below; the error carries the decision.
  HttpError: { name: 'HttpError', retryable: false },
  // A 2xx whose body is not a CRS envelope: retrying would not change what the endpoint is.
  InvalidResponse: { name: 'InvalidResponse', retryable: false },
  // The request could not be built or sent at all (bad URL, bad option): a bug or a bad configuration.
  RequestError: { name: 'RequestError', retryable: false },
  // The caller cancelled the call.
  Aborted: { name: 'Aborted', retryable: false },
};

export function crsErrorCodeInfo(code: number): CrsErrorCodeInfo | undefined {
  return Object.prototype.hasOwnProperty.call(CRS_ERROR_CODES, code) ? CRS_ERROR_CODES[code] : undefined;
}

/** HTTP statuses worth another attempt: the server or a proxy was overloaded or failed, not the request. */
export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export interface CrsErrorClassification {
  /** The business code if there is one, else the platform code. */
  code: number;
  name: string | undefined;
  retryable: boolean;
}

/**
 * Decides code and retryability of a CRS error answer. The business code wins when it is known; an
 * unknown business code falls back to the platform code's entry (4000 stays non-retryable, 5100 stays
 * retryable); a code nobody knows is not retried, so that an unexpected answer fails fast and visibly.
 */
export function classifyCrsError(platformCode: number, businessCode: number | null): CrsErrorClassification {
  const business = businessCode === null ? undefined : crsErrorCodeInfo(businessCode);
  if (businessCode !== null && business)
    return { code: businessCode, name: business.name, retryable: business.retryable };
  const platform = crsErrorCodeInfo(platformCode);
  return {
    code: businessCode ?? platformCode,
    name: businessCode === null ? platform?.name : undefined,
    retryable: platform?.retryable ?? false,
  };
}
