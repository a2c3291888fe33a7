// Archiving backup files into storage the user owns: destinations, streamed verified transfers, manifests.
export {
  parseArchiveDestination,
  isAllowedDestination,
  destinationContains,
  destinationBelow,
  s3BucketNameProblem,
  type ArchiveDestination,
  type DirectoryDestination,
  type S3Destination,
} from './archive-destination';
export {
  MANIFEST_NAME,
  archiveDirOf,
  backupStamp,
  parseBackupStamp,
  parseArchiveDir,
  shardObjectName,
  keyIn,
  type ArchiveDirRef,
  type ParsedArchiveDir,
} from './archive-layout';
export {
  ArchiveCancelledError,
  ArchiveCheckError,
  ArchiveDestinationError,
  ArchiveInterruptedError,
  ArchiveManifestError,
  ArchiveSourceError,
  ArchiveStoreError,
  type ArchiveCheck,
} from './archive-errors';
export {
  listAllObjects,
  type ArchiveStore,
  type ObjectPage,
  type OpenUpload,
  type PartChecksumAlgorithm,
  type StoreCallOptions,
  type StoredObject,
  type UploadedPart,
  type UploadPartInput,
} from './archive-store';
export { DirectoryArchiveStore, type DirectoryStoreOptions } from './directory-store';
export { S3ArchiveStore, type S3StoreInit } from './s3-store';
export { createS3Client, s3ClientConfig, type S3StoreOptions } from './s3-options';
export { openArchiveStore, type OpenArchiveStoreOptions } from './open-archive-store';
export { PartBufferPool, sharedPartBufferPool, DEFAULT_PART_BUFFER_BUDGET_BYTES } from './part-buffer-pool';
export { rdbVersionOfMagic, type ChecksSnapshot, type FileChecksOptions } from './file-checks';
export { readTransferCheckpoint, TRANSFER_CHECKPOINT_FORMAT, type TransferCheckpoint } from './transfer-checkpoint';
export { redactedUrl, type TransferEvent, type TransferEventType } from './transfer-events';
export {
  transferFile,
  abandonTransfer,
  DEFAULT_PART_SIZE_BYTES,
  DEFAULT_UPLOAD_CONCURRENCY,
  MAX_CHECKPOINT_PARTS,
  type TransferFileOptions,
  type TransferResult,
  type TransferSource,
} from './transfer-file';
export {
  buildManifest,
  writeManifest,
  readManifest,
  parseManifest,
  MANIFEST_FORMAT,
  type ArchiveManifest,
  type ManifestFile,
  type ManifestInput,
  type ManifestRdb,
} from './archive-manifest';
export { archiveState, type ArchiveState, type ArchiveStateName } from './archive-state';
export { verifyArchive, verifyArchiveIn, type ArchiveVerification, type FileVerification } from './verify-archive';
export { listArchives, deleteArchive, type ArchiveListing, type ArchiveDeletion } from './archive-retention';
export {
  archiveBackup,
  type ArchiveBackupOptions,
  type ArchiveBackupResult,
  type BackupToArchive,
  type FileToArchive,
} from './archive-backup';
