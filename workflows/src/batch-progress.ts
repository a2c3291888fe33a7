// The BatchStatus a batch keeps, and its BatchState search attribute kept in step.
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  BatchIdSearchAttribute,
  BatchStateSearchAttribute,
  type BatchFailure,
  type BatchInput,
  type BatchState,
  type BatchStatus,
  type ExportState,
  type RetentionReport,
  initialBatchStatus,
  MAX_BATCH_FAILURES,
  MAX_RETENTION_ENTRIES,
} from '@crs-export/contracts';

export class BatchProgress {
  readonly #status: BatchStatus;

  constructor(input: BatchInput, carried: BatchStatus | null) {
    this.#status = carried
      ? { ...carried, failuresOmitted: carried.failuresOmitted ?? 0 }
      : initialBatchStatus(workflowInfo().workflowId, input, new Date(Date.now()).toISOString());
    upsertSearchAttributes([
      { key: BatchIdSearchAttribute, value: this.#status.batchId },
      { key: BatchStateSearchAttribute, value: this.#status.state },
    ]);
  }

  snapshot(): BatchStatus {
    return JSON.parse(JSON.stringify(this.#status)) as BatchStatus;
  }

  get batchId(): string {
    return this.#status.batchId;
  }

  get state(): BatchState {
    return this.#status.state;
  }

  get failures(): number {
    return this.#status.failures.length + this.#status.failuresOmitted;
  }

  enter(state: BatchState): void {
    if (this.#status.state === state) return;
    this.#status.state = state;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
      this.#status.finishedAt = new Date(Date.now()).toISOString();
    }
    upsertSearchAttributes([{ key: BatchStateSearchAttribute, value: state }]);
  }

  resolved(total: number): void {
    this.#status.total = total;
    this.#status.counts = { PENDING: total };
  }

  /** A child started: one fewer pending, one more running. */
  started(): void {
    this.#move('PENDING', 'RUNNING');
  }

  /** A child ended in `state`; a failure is kept with its code. */
  finished(state: ExportState, failure: BatchFailure | null): void {
    this.#move('RUNNING', state);
    if (!failure) return;
    if (this.#status.failures.length < MAX_BATCH_FAILURES) this.#status.failures.push(failure);
    else this.#status.failuresOmitted += 1;
  }

  /** Pruning of one run's instances; the reports of several runs (continue-as-new) add up. */
  recordRetention(report: RetentionReport): void {
    const before = this.#status.retention;
    if (!before) {
      this.#status.retention = report;
      return;
    }
    const cap = <T>(list: T[]): T[] => list.slice(0, MAX_RETENTION_ENTRIES);
    this.#status.retention = {
      dryRun: report.dryRun,
      policy: report.policy,
      deleted: cap([...before.deleted, ...report.deleted]),
      kept: cap([...before.kept, ...report.kept]),
      failed: cap([...before.failed, ...report.failed]),
      counts: {
        deleted: before.counts.deleted + report.counts.deleted,
        kept: before.counts.kept + report.counts.kept,
        failed: before.counts.failed + report.counts.failed,
      },
    };
  }

  recordError(error: BatchStatus['error']): void {
    this.#status.error = error;
  }

  #move(from: 'PENDING' | 'RUNNING', to: 'RUNNING' | ExportState): void {
    const counts = this.#status.counts;
    counts[from] = Math.max(0, (counts[from] ?? 0) - 1);
    counts[to] = (counts[to] ?? 0) + 1;
  }
}
