// The typed Temporal client for batches: start (idempotent with a key), read, cancel; a batch's children are
// listed through ExportClient.listExports({ batchId }).
import { createHash, randomBytes } from 'node:crypto';
import {
  ApplicationFailure,
  CancelledFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  BATCH_ID_PREFIX,
  BatchIdSearchAttribute,
  BatchStateSearchAttribute,
  EXPORT_FAILED_TYPE,
  initialBatchStatus,
  type BatchInput,
  type BatchStatus,
} from '@crs-export/contracts';
import { BATCH_WORKFLOW_TYPE, batchStatusQuery } from '@crs-export/workflows';
import { ExportAlreadyFinishedError, IdempotencyKeyConflictError, NotFoundError } from './export-client-errors';
import { temporalCall } from './temporal-call';

export interface BatchClientOptions {
  client: Client;
  taskQueue: string;
  callTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export interface StartBatchResult {
  status: BatchStatus;
  created: boolean;
}

/** `batch-<hex>` (started by hand) or `batch-<schedule>-<due time>` (a schedule's run, named by Temporal). */
const BATCH_ID_PATTERN = /^batch-[A-Za-z0-9:._-]{8,128}$/;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isBatchStatus(value: unknown): value is BatchStatus {
  return typeof value === 'object' && value !== null && typeof (value as BatchStatus).batchId === 'string';
}

export class BatchClient {
  private readonly callTimeoutMs: number;
  private readonly queryTimeoutMs: number;

  constructor(private readonly options: BatchClientOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 5_000;
  }

  /** Starts a batch; the same Idempotency-Key (from the same caller) answers with the same batch. */
  async startBatch(
    input: BatchInput,
    options: { idempotencyKey?: string; callerId?: string } = {},
  ): Promise<StartBatchResult> {
    const keyed = options.idempotencyKey !== undefined;
    const batchId = `${BATCH_ID_PREFIX}${
      keyed
        ? sha256(`${options.callerId ?? ''}\u0000${options.idempotencyKey ?? ''}`).slice(0, 24)
        : randomBytes(12).toString('hex')
    }`;
    const requestDigest = sha256(JSON.stringify(input)).slice(0, 32);
    const started = await this.call('startBatch', async () => {
      try {
        await this.options.client.workflow.start(BATCH_WORKFLOW_TYPE, {
          workflowId: batchId,
          taskQueue: this.options.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: keyed ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
          typedSearchAttributes: [
            { key: BatchIdSearchAttribute, value: batchId },
            { key: BatchStateSearchAttribute, value: 'RESOLVING' },
          ],
          memo: { requestDigest },
        });
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    });
    if (started) return { created: true, status: initialBatchStatus(batchId, input, new Date().toISOString()) };
    const description = await this.call('startBatch', () => this.options.client.workflow.getHandle(batchId).describe());
    if (description.memo?.['requestDigest'] !== requestDigest) throw new IdempotencyKeyConflictError(batchId);
    return { created: false, status: await this.getBatch(batchId) };
  }

  /** The batch as it stands: the workflow's own report while it runs (or, closed, its outcome). */
  async getBatch(batchId: string): Promise<BatchStatus> {
    return this.call('getBatch', async () => {
      const handle = await this.handleOf(batchId);
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') {
        return this.options.client.withDeadline(Date.now() + this.queryTimeoutMs, () => handle.query(batchStatusQuery));
      }
      return this.closedStatus(handle);
    });
  }

  /** Cancels the batch: the children still running are cancelled, none is started any more. */
  async cancelBatch(batchId: string): Promise<BatchStatus> {
    return this.call('cancelBatch', async () => {
      const handle = await this.handleOf(batchId);
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') {
        throw new ExportAlreadyFinishedError(batchId, description.status.name, 'batch');
      }
      await handle.cancel();
      return this.options.client.withDeadline(Date.now() + this.queryTimeoutMs, () => handle.query(batchStatusQuery));
    });
  }

  private async handleOf(batchId: string): Promise<WorkflowHandle> {
    if (!BATCH_ID_PATTERN.test(batchId)) throw new NotFoundError('batch', batchId);
    try {
      const description = await this.options.client.workflow.getHandle(batchId).describe();
      if (description.type !== BATCH_WORKFLOW_TYPE) throw new NotFoundError('batch', batchId);
      return this.options.client.workflow.getHandle(batchId, description.runId);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError('batch', batchId);
      throw error;
    }
  }

  private async closedStatus(handle: WorkflowHandle): Promise<BatchStatus> {
    try {
      const result: unknown = await handle.result();
      if (isBatchStatus(result)) return result;
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      const { cause } = error;
      const reported =
        (cause instanceof ApplicationFailure && cause.type === EXPORT_FAILED_TYPE) || cause instanceof CancelledFailure
          ? cause.details?.[0]
          : undefined;
      if (isBatchStatus(reported)) return reported;
    }
    // Terminated before it could report: the query still answers on a closed execution.
    return handle.query(batchStatusQuery);
  }

  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return temporalCall(this.options.client, operation, this.callTimeoutMs, fn);
  }
}
