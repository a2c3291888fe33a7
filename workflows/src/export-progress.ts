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
