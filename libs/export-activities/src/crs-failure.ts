// Turns a failed CRS call into the ApplicationFailure Temporal retries (or not) and the workflow reports.
import { ApplicationFailure } from '@temporalio/common';
import type { ExportError } from '@crs-export/contracts';
import { EXPORT_FAILURE_TYPES } from './activity-names';

/**
 * What this library needs of a CrsApiError (libs/crs-client): its serialisable form. Matched by shape
 * rather than instanceof so that two copies of the client module (bundles, tests) still agree.
 */
export interface CrsApiErrorLike extends Error {
  retryable: boolean;
  toJSON(): { code: number | string; name: string; message: string; retryable: boolean; action?: string };
}

export function isCrsApiError(error: unknown): error is CrsApiErrorLike {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<CrsApiErrorLike>;
  return typeof candidate.retryable === 'boolean' && typeof candidate.toJSON === 'function';
}

/** The Tencent code that decides what happened: the business code, also when a platform error carried it. */
export function crsCodeOf(error: CrsApiErrorLike): number | string {
  return error.toJSON().code;
}

/** Only the fields the contract names: no parameters, no HTTP details, never a credential. */
export function exportErrorOf(error: CrsApiErrorLike): ExportError {
  const { code, name, message, retryable, action } = error.toJSON();
  const exportError: ExportError = { code, name, message, retryable };
  if (action) exportError.action = action;
  return exportError;
}

/** A CRS error as an activity failure: non-retryable codes stop at once, the rest are retried with backoff. */
export function crsFailure(error: CrsApiErrorLike): ApplicationFailure {
  const exportError = exportErrorOf(error);
  return ApplicationFailure.create({
    type: EXPORT_FAILURE_TYPES.crsApiError,
    message: `${exportError.action ?? 'CRS call'} failed: ${String(exportError.code)} ${exportError.name}: ${exportError.message}`,
    nonRetryable: !exportError.retryable,
    details: [exportError],
  });
}

/** Rethrows anything as an activity failure; errors that are not CRS errors stay retryable (network, bugs). */
export function asActivityFailure(error: unknown): Error {
  if (isCrsApiError(error)) return crsFailure(error);
  return error instanceof Error ? error : new Error(String(error));
}
