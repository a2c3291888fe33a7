// The errors the simulator answers with, and how each error shape puts them on the wire.
import { V2_BUSINESS_CODE_MIN, v2CodeInfo } from '@crs-export/contracts';

/** The names of the codes it sends come from the one code table of libs/contracts, so logs read the same on both sides. */
function nameOf(code: number): string {
  return v2CodeInfo(code)?.name ?? 'UnknownError';
}

export type ErrorShape = 'code' | 'module';

/** An error an action answers with; `codeDesc` overrides the table (10711 is named per action). */
export class CrsSimError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly codeDesc: string = nameOf(code),
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
  return code >= V2_BUSINESS_CODE_MIN;
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
  const name = nameOf(code);
  return new CrsSimError(code, `injected fault: ${name}`, name);
}
