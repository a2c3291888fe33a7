// The one table of Tencent's error codes, read by the v2 and 3.0 clients, the simulator and validation:
// what each code is called and whether a call that failed with it may be retried.
// Sources: ../shared/reference/crs-v2-api.md §5 and §8, crs-v3-api.md §3, DESIGN.md "Failures".

/**
 * never: fail the export at once. backoff: retry with backoff and jitter (transient). wait: the resource
 * is busy with another flow; retry within the step's bounded wait. resign-once: sign the request anew
 * once (a stale timestamp), then give up (the clock is off).
 */
export type RetryClass = 'never' | 'backoff' | 'wait' | 'resign-once';

export interface TencentCodeInfo {
  /** v2: Tencent's `codeDesc` where documented, else our English name; 3.0: the code itself. */
  name: string;
  retry: RetryClass;
}

export function isRetryClassRetryable(retry: RetryClass): boolean {
  return retry !== 'never';
}

// ---------------------------------------------------------------------------------------------------- v2

const never = (name: string): TencentCodeInfo => ({ name, retry: 'never' });
const backoff = (name: string): TencentCodeInfo => ({ name, retry: 'backoff' });
const wait = (name: string): TencentCodeInfo => ({ name, retry: 'wait' });

/** v2 platform codes (top-level `code`, 4 digits) and Redis business codes (5 digits). */
export const V2_ERROR_CODES: Readonly<Record<number, TencentCodeInfo>> = {
  4000: never('InvalidParameter'),
  4100: never('AuthFailure'),
  4101: never('UnauthorizedOperation'),
  4102: never('UnauthorizedResource'),
  4103: never('UnauthorizedOperationResource'),
  4104: never('SecretIdNotFound'),
  4105: never('InvalidToken'),
  4106: never('MfaFailure'),
  4110: never('CamAuthFailure'),
  // Expired request: the next attempt carries a fresh Timestamp.
  4200: backoff('RequestExpired'),
  4300: never('AccessDenied'),
  4400: backoff('QuotaExceeded'),
  // Replay (Nonce reused or Timestamp off): every attempt is signed anew with a new Nonce and Timestamp.
  4500: backoff('ReplayAttack'),
  4600: never('ProtocolNotSupported'),
  5000: never('ResourceNotFound'),
  5100: backoff('ResourceOperationFailed'),
  5200: never('ResourcePurchaseFailed'),
  5300: never('InsufficientBalance'),
  5400: never('PartialSuccess'),
  5500: never('IdentityVerificationFailed'),
  6000: backoff('InternalError'),
  6100: never('VersionNotSupported'),
  6200: backoff('ApiTemporarilyUnavailable'),
  10701: never('InstanceNotExists'),
  10702: wait('InstanceStatusAbnormal'),
  10707: wait('InstanceLockedError'),
  10710: wait('BackupLockedError'),
  10711: never('BackupStatusInvalid'),
  10712: never('PasswordError'),
  11052: never('UserNotInWhiteList'),
  11059: never('DealIdNotFound'),
  11201: never('InvalidParameter'),
  11213: never('BackupNotExists'),
  11214: never('OnlyClusterInstanceCanExportBackup'),
};

/** Business codes are the 5-digit Redis codes; 4-digit codes are platform codes. */
export const V2_BUSINESS_CODE_MIN = 10000;

export function v2CodeInfo(code: number): TencentCodeInfo | undefined {
  return Object.prototype.hasOwnProperty.call(V2_ERROR_CODES, code) ? V2_ERROR_CODES[code] : undefined;
}

export interface V2Classification {
  /** The business code if there is one, else the platform code. */
  code: number;
  name: string | undefined;
  retryable: boolean;
}

/**
 * Decides code and retryability of a v2 error answer. The business code wins when it is known; an unknown
 * business code falls back to the platform code's entry (4000 stays non-retryable, 5100 stays retryable);
 * a code nobody knows is not retried, so that an unexpected answer fails fast and visibly.
 */
export function classifyV2Error(platformCode: number, businessCode: number | null): V2Classification {
  const business = businessCode === null ? undefined : v2CodeInfo(businessCode);
  if (businessCode !== null && business) {
    return { code: businessCode, name: business.name, retryable: isRetryClassRetryable(business.retry) };
  }
  const platform = v2CodeInfo(platformCode);
  return {
    code: businessCode ?? platformCode,
    name: businessCode === null ? platform?.name : undefined,
    retryable: platform ? isRetryClassRetryable(platform.retry) : false,
  };
}

// --------------------------------------------------------------------------------------------------- 3.0

/** 3.0 codes with a class of their own; everything else is decided by the prefix rules below. */
export const V3_ERROR_CODES: Readonly<Record<string, RetryClass>> = {
  'AuthFailure.SignatureExpire': 'resign-once',
  'InvalidParameterValue.BackupNotExists': 'never',
  'FailedOperation.SystemError': 'backoff',
  'FailedOperation.CommitFlowError': 'backoff',
  ServiceUnavailable: 'backoff',
  'ResourceUnavailable.InstanceLockedError': 'wait',
  'ResourceInUse.InstanceBeenLocked': 'wait',
  'ResourceUnavailable.BackupLockedError': 'wait',
  // Also "the backup is still being converted to RDB" on DescribeBackupUrl (crs-v3-api.md §1.7).
  'ResourceUnavailable.BackupStatusInvalid': 'wait',
  'ResourceUnavailable.InstanceStatusAbnormal': 'wait',
  LimitExceeded: 'never',
  MissingParameter: 'never',
  UnknownParameter: 'never',
  // The rest of the codes the 3.0 simulator answers with (libs/crs-simulator/src/v3/v3-error.ts), listed so
  // that the table names every code; each has the class the prefix rules (or the fail-fast default) gave it.
  'AuthFailure.InvalidAuthorization': 'never',
  'AuthFailure.SecretIdNotFound': 'never',
  'AuthFailure.SignatureFailure': 'never',
  'AuthFailure.TokenFailure': 'never',
  InvalidAction: 'never',
  NoSuchVersion: 'never',
  InvalidParameter: 'never',
  'InvalidParameter.InvalidParameter': 'never',
  InvalidParameterValue: 'never',
  RequestLimitExceeded: 'backoff',
  RequestSizeLimitExceeded: 'never',
  UnsupportedProtocol: 'never',
  UnsupportedRegion: 'never',
  InternalError: 'backoff',
  'ResourceNotFound.InstanceNotExists': 'never',
  'ResourceUnavailable.InstanceStateError': 'never',
};

/** Longest matching prefix wins; a code no rule matches is never retried (fail fast and visibly). */
const V3_PREFIX_RULES: readonly (readonly [string, RetryClass])[] = [
  ['AuthFailure', 'never'],
  ['InvalidParameter', 'never'],
  ['ResourceNotFound', 'never'],
  ['UnauthorizedOperation', 'never'],
  ['UnsupportedOperation', 'never'],
  ['RequestLimitExceeded', 'backoff'],
  ['InternalError', 'backoff'],
];

export function v3RetryClass(code: string): RetryClass {
  const exact = Object.prototype.hasOwnProperty.call(V3_ERROR_CODES, code) ? V3_ERROR_CODES[code] : undefined;
  if (exact) return exact;
  let best: readonly [string, RetryClass] | undefined;
  for (const rule of V3_PREFIX_RULES) {
    const [prefix] = rule;
    const matches = code === prefix || code.startsWith(`${prefix}.`);
    if (matches && (!best || prefix.length > best[0].length)) best = rule;
  }
  return best?.[1] ?? 'never';
}

// ------------------------------------------------------------------------------------- transport (ours)

/** Codes that are not Tencent's: the call never got an answer, or the answer was not one. */
export const TRANSPORT_ERROR_CODES = {
  NetworkError: backoff('NetworkError'),
  Timeout: backoff('Timeout'),
  // Retried only for 5xx, 408 and 429; the error carries the decision.
  HttpError: never('HttpError'),
  // A 2xx whose body is not an answer. v2: retrying would not change what the endpoint is; 3.0 treats a
  // non-JSON body as transient (a gateway's page), per crs-v3-api.md §3.4.
  InvalidResponse: never('InvalidResponse'),
  // The request could not be built or sent at all (bad URL, bad option): a bug or a bad configuration.
  RequestError: never('RequestError'),
  // The caller cancelled the call.
  Aborted: never('Aborted'),
} as const satisfies Record<string, TencentCodeInfo>;

export type TransportErrorCode = keyof typeof TRANSPORT_ERROR_CODES;

/** HTTP statuses worth another attempt: the server or a proxy was overloaded or failed, not the request. */
export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

// ------------------------------------------------------------------------------------------- validation

export type ValidationFailureKind =
  'instanceNotFound' | 'instanceNotRunning' | 'notCluster' | 'backupNotFound' | 'backupStatusInvalid';

/**
 * The code an export gets when validation predicts what Tencent would answer, per API generation, so that
 * an export fails with the code the user would see from Tencent itself.
 */
export const VALIDATION_FAILURE_CODES: Readonly<
  Record<ValidationFailureKind, { v2: number; v3: string; name: string }>
> = {
  instanceNotFound: { v2: 10701, v3: 'ResourceNotFound.InstanceNotExists', name: 'InstanceNotExists' },
  instanceNotRunning: { v2: 10702, v3: 'ResourceUnavailable.InstanceStatusAbnormal', name: 'InstanceStatusAbnormal' },
  notCluster: {
    v2: 11214,
    v3: 'UnsupportedOperation.OnlyClusterInstanceCanExportBackup',
    name: 'OnlyClusterInstanceCanExportBackup',
  },
  backupNotFound: { v2: 11213, v3: 'InvalidParameterValue.BackupNotExists', name: 'BackupNotExists' },
  backupStatusInvalid: { v2: 10711, v3: 'ResourceUnavailable.BackupStatusInvalid', name: 'BackupStatusInvalid' },
};
