// The export's ExportStatus as the workflow keeps it, and the ExportState search attribute kept in step.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  initialExportStatus,
  RedisIdSearchAttribute,
  TENCENT_CANNOT_STOP_NOTE,
  type DownloadUrls,
  type ExportError,
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

  recordPolls(polls: number, taskStatus: number | string | null): void {
    this.#status.polls = polls;
    if (taskStatus !== null) this.#status.taskStatus = taskStatus;
    this.touch();
  }

  recordDownload(download: DownloadUrls): void {
    this.#status.download = download;
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
