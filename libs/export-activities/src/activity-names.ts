// The activity names, in one place: the workflow's proxies, the worker's registration and the replay
// fixtures all depend on them, and renaming one breaks running exports.
export const EXPORT_ACTIVITY_NAMES = [
  'validateExport',
  'startExportTask',
  'pollExportTask',
  'pollBackupExport',
  'fetchDownloadUrls',
] as const;

export type ExportActivityName = (typeof EXPORT_ACTIVITY_NAMES)[number];

/** Failure types the activities throw; the workflow matches on them. */
export const EXPORT_FAILURE_TYPES = {
  crsApiError: 'CrsApiError',
  validationFailed: 'ExportValidationFailed',
  taskPending: 'ExportTaskPending',
  taskFailed: 'ExportTaskFailed',
  taskError: 'ExportTaskError',
} as const;
