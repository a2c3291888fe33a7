// The 3.0 errors the simulator answers with (crs-v3-api.md §3). Every code it can send is listed here and
// is an entry of the one code table (V3_ERROR_CODES in libs/contracts); a test holds the two together.
export const V3_SIMULATOR_CODES = [
  'AuthFailure.InvalidAuthorization',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SignatureFailure',
  'AuthFailure.TokenFailure',
  'InvalidAction',
  'NoSuchVersion',
  'MissingParameter',
  'UnknownParameter',
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidParameter.InvalidParameter',
  'RequestLimitExceeded',
  'RequestSizeLimitExceeded',
  'UnsupportedProtocol',
  'UnsupportedRegion',
  'InternalError',
  'FailedOperation.SystemError',
  'ResourceNotFound.InstanceNotExists',
  'InvalidParameterValue.BackupNotExists',
  'ResourceUnavailable.BackupStatusInvalid',
  'ResourceUnavailable.InstanceLockedError',
  'ResourceUnavailable.InstanceStatusAbnormal',
  'ResourceUnavailable.InstanceStateError',
] as const;

export type V3Code = (typeof V3_SIMULATOR_CODES)[number];

/** An error a 3.0 call answers with (HTTP 200, `Response.Error`). Injected faults may carry any code. */
export class V3SimError extends Error {
  constructor(
    readonly code: V3Code | (string & {}),
    message: string,
  ) {
    super(message);
    this.name = 'V3SimError';
  }
}

export function v3Error(code: V3Code, message: string): V3SimError {
  return new V3SimError(code, message);
}
