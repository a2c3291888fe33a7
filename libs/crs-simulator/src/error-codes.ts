// The error codes the simulator answers with, their codeDesc, and how each error shape puts them on the wire.

/**
 * Platform (common) codes, always sent in `code`. Tencent documents only 4000's codeDesc; the other names
 * are the ones libs/crs-client's code table uses, so logs read the same on both sides.
 */
export const PLATFORM_CODES: Readonly<Record<number, string>> = {
  4000: 'InvalidParameter',
  4100: 'AuthFailure',
  4101: 'UnauthorizedOperation',
  4102: 'UnauthorizedResource',
  4103: 'UnauthorizedOperationResource',
  4104: 'SecretIdNotFound',
  4105: 'InvalidToken',
  4106: 'MfaFailure',
  4110: 'CamAuthFailure',
  4200: 'RequestExpired',
  4300: 'AccessDenied',
  4400: 'QuotaExceeded',
  4500: 'ReplayAttack',
  5000: 'ResourceNotFound',
  5100: 'ResourceOperationFailed',
  6000: 'InternalError',
  6100: 'VersionNotSupported',
  6200: 'ApiTemporarilyUnavailable',
};

/** Redis business codes (reference §8): sent in `code` or as `(NNNNN)` in a 4000's message, per errorShape. */
export const BUSINESS_CODES: Readonly<Record<number, string>> = {
  10701: 'InstanceNotExists',
  10702: 'InstanceStatusAbnormal',
  10707: 'InstanceLockedError',
  10710: 'BackupLockedError',
  10711: 'BackupStatusInvalid',
  10712: 'PasswordError',
  11201: 'InvalidParameter',
  11213: 'BackupNotExists',
  11214: 'OnlyClusterInstanceCanExportBackup',
};

export type ErrorShape = 'code' | 'module';

/** An error an action answers with; `codeDesc` overrides the table (10711 is named per action). */
export class CrsSimError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly codeDesc: string = BUSINESS_CODES[code] ?? PLATFORM_CODES[code] ?? 'UnknownError',
  ) {
    super(message);
    this.name = 'CrsSimError';
  }
}

export interface ErrorBody {
  code: number;
  message: string;
  codeDesc: string;
}

export function isBusinessCode(code: number): boolean {
  return code >= 10000;
}

/** The wire body of an error in the scenario's shape; platform codes are the same in both shapes. */
export function errorBody(error: CrsSimError, shape: ErrorShape): ErrorBody {
  if (shape === 'module' && isBusinessCode(error.code)) {
    return { code: 4000, message: `(${error.code})${error.message}`, codeDesc: error.codeDesc };
  }
  return { code: error.code, message: error.message, codeDesc: error.codeDesc };
}

/** A plausible message for a code injected by a fault. */
export function injectedError(code: number): CrsSimError {
  const name = BUSINESS_CODES[code] ?? PLATFORM_CODES[code] ?? 'UnknownError';
  return new CrsSimError(code, `injected fault: ${name}`, name);
}
