// A FAILED export run again under its own ID (a new run of the same workflow), for example once a key or a
// permission has been fixed. The new run starts from the input of the failed one, with the backup it had
// resolved (a retried `new` export makes no second backup); every step of the workflow first reads where
// Tencent stands (the backup's status, the task, the archive's manifest), so nothing is exported twice.
import { isBackupSelector, type ExportInput, type ExportStatus } from '@crs-export/contracts';

/** A closed export that cannot be retried: only FAILED ones can. */
export class ExportNotRetryableError extends Error {
  override readonly name = 'ExportNotRetryableError';
  constructor(
    readonly exportId: string,
    readonly state: string,
  ) {
    super(
      state === 'RUNNING'
        ? `export ${exportId} is still running: only a FAILED export can be retried`
        : `export ${exportId} ended ${state}: only a FAILED export can be retried`,
    );
  }
}

/** The input of the retry: the failed run's, with the backup it resolved in place of `latest` or `new`. */
export function retryInputOf(original: ExportInput, failed: ExportStatus): ExportInput {
  if (!isBackupSelector(original.backupId) || isBackupSelector(failed.backupId) || failed.backupId === '') {
    return original;
  }
  const { newBackup: _newBackup, ...rest } = original;
  return { ...rest, backupId: failed.backupId };
}
