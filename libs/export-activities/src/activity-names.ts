// The activity names, in one place: the workflow's proxies, the worker's registration and the replay
// fixtures all depend on them, and renaming one breaks running exports.
export const EXPORT_ACTIVITY_NAMES = [
  'validateExport',
  'startExportTask',
  'pollExportTask',
  'pollBackupExport',
  'fetchDownloadUrls',
  'createBackup',
  'findCreatedBackup',
  'resolveBatchInstances',
  'deliverNotification',
] as const;

export type ExportActivityName = (typeof EXPORT_ACTIVITY_NAMES)[number];
