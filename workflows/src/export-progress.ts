// The export's ExportStatus as the workflow keeps it, and the ExportState search attribute kept in step.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  initialExportStatus,
  RedisIdSearchAttribute,
  TENCENT_CANNOT_STOP_NOTE,
  type ExportBackup,
  type ExportError,
  type ExportFile,
  type ExportInput,
  type ExportState,
  type ExportStatus,
} from '@crs-export/contracts';

/** Workflow time: `new Date()` is deterministic inside the workflow sandbox. */
function nowIso(): string {
  return new Date(Date.now()).toISOString();
}

export class ExportProgress {
  readonly #status: ExportStatus;
  #pollsBefore = 0;

  constructor(input: ExportInput) {
    const startedAt = nowIso();
    this.#status = initialExportStatus(
      { exportId: workflowInfo().workflowId, redisId: input.redisId, backupId: input.backupId, region: input.region },
      startedAt,
    );
    upsertSearchAttributes([...missingIdentity(input), { key: ExportStateSearchAttribute, value: 'VALIDATING' }]);
  }

  /** A copy, so that a query or a result never shares the live object. */
  snapshot(): ExportStatus {
    return JSON.parse(JSON.stringify(this.#status)) as ExportStatus;
  }

  get state(): ExportState {
    return this.#status.state;
  }

  enter(state: ExportState): void {
    if (this.#status.state === state) return;
    const at = this.touch();
    this.#status.state = state;
    this.#status.stateEnteredAt[state] = at;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') this.#status.finishedAt = at;
    upsertSearchAttributes([{ key: ExportStateSearchAttribute, value: state }]);
  }

  recordTask(taskId: number | null): void {
    this.#status.taskId = taskId;
    this.touch();
  }

  /** A new wait (v2's `new` waits twice): its polls count on top of the ones before. */
  beginWait(): void {
    this.#pollsBefore = this.#status.polls;
  }

  recordPolls(polls: number, taskStatus: number | string | null): void {
    this.#status.polls = this.#pollsBefore + polls;
    if (taskStatus !== null) this.#status.taskStatus = taskStatus;
    this.touch();
  }

  /** The backup, once resolved: its ID becomes the BackupId search attribute (a `latest`/`new` export starts without one). */
  recordBackup(backup: ExportBackup): void {
    this.#status.backup = backup;
    if (this.#status.backupId !== backup.backupId) {
      this.#status.backupId = backup.backupId;
      upsertSearchAttributes([{ key: BackupIdSearchAttribute, value: backup.backupId }]);
    }
    this.touch();
  }

  recordFiles(files: ExportFile[]): void {
    this.#status.files = files;
    this.touch();
  }

  /** The archive's directory and its files, all PENDING (bytes as Tencent reported them). */
  startArchive(location: string, files: ExportFile[]): void {
    const sizes = files.map((file) => file.sizeBytes);
    this.#status.archive = {
      location,
      state: 'ARCHIVING',
      bytesDone: 0,
      bytesTotal: sizes.every((size) => size !== null)
        ? sizes.reduce((sum: number, size) => sum + (size ?? 0), 0)
        : null,
      files: [...files]
        .sort((a, b) => a.shard - b.shard)
        .map((file) => ({
          shard: file.shard,
          name: `shard-${file.shard}.rdb`,
          state: 'PENDING',
          bytesDone: 0,
          sizeBytes: file.sizeBytes,
          sha256: null,
          rdbVersion: null,
          keys: null,
        })),
      manifest: null,
    };
    this.touch();
  }

  fileTransferring(shard: number): void {
    this.#archiveFile(shard, (file) => (file.state = 'TRANSFERRING'));
  }

  fileVerified(done: {
    shard: number;
    sizeBytes: number;
    sha256: string;
    rdbVersion: number | null;
    keys: number | null;
  }): void {
    this.#archiveFile(done.shard, (file) => {
      file.state = 'VERIFIED';
      file.bytesDone = done.sizeBytes;
      file.sizeBytes = done.sizeBytes;
      file.sha256 = done.sha256;
      file.rdbVersion = done.rdbVersion;
      file.keys = done.keys;
    });
    const archive = this.#status.archive;
    if (archive) archive.bytesDone = archive.files.reduce((sum, file) => sum + file.bytesDone, 0);
  }

  fileFailed(shard: number): void {
    this.#archiveFile(shard, (file) => (file.state = 'FAILED'));
  }

  archiveAlreadyComplete(manifest: string | null): void {
    const archive = this.#status.archive;
    if (!archive) return;
    archive.state = 'ALREADY_ARCHIVED';
    archive.manifest = manifest;
    archive.files = [];
    archive.bytesDone = 0;
    this.touch();
  }

  archiveComplete(manifest: string): void {
    const archive = this.#status.archive;
    if (!archive) return;
    archive.state = 'COMPLETE';
    archive.manifest = manifest;
    archive.bytesTotal = archive.files.reduce((sum, file) => sum + (file.sizeBytes ?? 0), 0);
    this.touch();
  }

  archiveFailed(): void {
    if (this.#status.archive) this.#status.archive.state = 'FAILED';
    this.touch();
  }

  #archiveFile(shard: number, change: (file: NonNullable<ExportStatus['archive']>['files'][number]) => void): void {
    const file = this.#status.archive?.files.find((candidate) => candidate.shard === shard);
    if (file) change(file);
    this.touch();
  }

  recordError(error: ExportError): void {
    this.#status.error = error;
    this.touch();
  }

  /** The first request wins: a later signal or cancel does not rewrite the reason. */
  recordCancellation(reason: string): void {
    this.#status.cancellation ??= { reason, requestedAt: nowIso(), note: TENCENT_CANNOT_STOP_NOTE };
    this.touch();
  }

  private touch(): string {
    const at = nowIso();
    this.#status.updatedAt = at;
    return at;
  }
}

/** The starter sets RedisId and BackupId; an execution started without them still becomes searchable. */
function missingIdentity(input: ExportInput): SearchAttributeUpdatePair[] {
  const attributes = workflowInfo().typedSearchAttributes;
  const missing: SearchAttributeUpdatePair[] = [];
  if (attributes.get(RedisIdSearchAttribute) === undefined)
    missing.push({ key: RedisIdSearchAttribute, value: input.redisId });
  if (attributes.get(BackupIdSearchAttribute) === undefined)
    missing.push({ key: BackupIdSearchAttribute, value: input.backupId });
  return missing;
}
