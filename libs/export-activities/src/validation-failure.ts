// The codes Tencent would answer the export with, raised by validation before the export call is made.
import { ApplicationFailure } from '@temporalio/common';
import type { ExportError } from '@crs-export/contracts';
import { EXPORT_FAILURE_TYPES } from './activity-names';

/** Tencent's names for the codes validation can predict (reference §8). */
export const VALIDATION_CODES = {
  10701: 'InstanceNotExists',
  11214: 'OnlyClusterInstanceCanExportBackup',
  11213: 'BackupNotExists',
  10711: 'BackupStatusInvalid',
} as const;

export type ValidationCode = keyof typeof VALIDATION_CODES;

export function validationFailure(code: ValidationCode, message: string, action: string): ApplicationFailure {
  const error: ExportError = { code, name: VALIDATION_CODES[code], message, retryable: false, action };
  return ApplicationFailure.create({
    type: EXPORT_FAILURE_TYPES.validationFailed,
    message: `${code} ${error.name}: ${message}`,
    nonRetryable: true,
    details: [error],
  });
}
