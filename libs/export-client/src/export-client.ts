// The typed Temporal client for exports: start, read, list, count and cancel export workflows.
import {
  ApplicationFailure,
  CancelledFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  EXPORT_FAILED_TYPE,
  EXPORT_STATES,
  initialExportStatus,
  normalizeExportStatus,
  parseExportId,
  type ExportFilter,
  type ExportInput,
  type ExportPage,
  type ExportState,
  type ExportStatus,
} from '@crs-export/contracts';
import { EXPORT_WORKFLOW_TYPE, cancelExportSignal, exportStatusQuery } from '@crs-export/workflows';
import {
  ExportAlreadyFinishedError,
  ExportNotFoundError,
  IdempotencyKeyConflictError,
  InvalidCursorError,
} from './export-client-errors';
import { GrpcStatus, grpcCodeOf, temporalCall } from './temporal-call';
import { decodeExportCursor, encodeExportCursor } from './export-cursor';
import { factsOfDescription, factsOfRawExecution } from './export-execution-facts';
import { exportStateOf, exportStatusFromExecution, isExportStatus } from './export-status-fallback';
import { exportVisibilityQuery } from './export-visibility-query';
import { exportStartOf, exportStartOptions, type ExportStart, type ExportStartRequest } from './export-start-options';
import { ExportNotRetryableError, retryInputOf } from './export-retry';
import { withLiveArchiveBytes } from './live-archive-progress';
import { converterOf, decodeFirstPayload } from './payload-decoding';

export interface ExportClientOptions {
  client: Client;
  taskQueue: string;
  /** Deadline of each operation against Temporal; past it the operation fails with TemporalUnavailableError. */
  callTimeoutMs?: number;
  /** How long a worker gets to answer the `exportStatus` query before the status is read from visibility. */
  queryTimeoutMs?: number;
}

export interface StartExportResult {
  status: ExportStatus;
  /** false: that backup's export was already running, and this is it. */
  created: boolean;
}

export interface ListExportsRequest extends ExportFilter {
  limit: number;
  cursor?: string;
}

export class ExportClient {
  private readonly callTimeoutMs: number;
  private readonly queryTimeoutMs: number;

  constructor(private readonly options: ExportClientOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 5_000;
  }

  get namespace(): string {
    return this.options.client.options.namespace;
  }

  /**
   * Starts the backup's export, or returns the one already running for it (never a second one): the start
   * fails on a running execution of the same ID (conflict policy FAIL), and that one is described instead.
   * With an Idempotency-Key the same key answers with the same export, also once it has ended; a key reused
   * for a different request is refused.
   */
  async startExport(input: ExportInput, options: Omit<ExportStartRequest, 'input'> = {}): Promise<StartExportResult> {
    const start = exportStartOf({ input, ...options });
    const started = await this.call('startExport', async () => {
      try {
        await this.options.client.workflow.start(
          EXPORT_WORKFLOW_TYPE,
          exportStartOptions(input, start, this.options.taskQueue),
        );
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    });
    if (started) {
      const { redisId, backupId, region } = input;
      const status = initialExportStatus(
        { exportId: start.exportId, redisId, backupId, region },
        new Date().toISOString(),
      );
      return { created: true, status };
    }
    if (start.keyed) await this.checkSameRequest(start);
    return { created: false, status: await this.getExport(start.exportId) };
  }

  /** A key names one request: the export it started must have been started by the same request. */
  private async checkSameRequest(start: ExportStart): Promise<void> {
    const description = await this.call('startExport', () =>
      this.options.client.workflow.getHandle(start.exportId).describe(),
    );
    const recorded = description.memo?.['requestDigest'];
    if (typeof recorded === 'string' && recorded !== start.requestDigest) {
      throw new IdempotencyKeyConflictError(start.exportId);
    }
  }

  /** The export as it stands: the workflow's own report while it runs, its outcome once closed. */
  async getExport(exportId: string): Promise<ExportStatus> {
    return this.call('getExport', async () => {
      const { handle, description } = await this.describe(exportId);
      return this.closedOrRunning(handle, description);
    });
  }

  private closedOrRunning(handle: WorkflowHandle, description: WorkflowExecutionDescription): Promise<ExportStatus> {
    return description.status.name === 'RUNNING'
      ? this.runningStatus(handle, description)
      : this.closedStatus(handle, description);
  }

  /** Asks a running export to stop (signal `cancelExport`); returns its status right after the request. */
  async cancelExport(exportId: string, reason: string): Promise<ExportStatus> {
    return this.call('cancelExport', async () => {
      const { handle, description } = await this.describe(exportId);
      if (description.status.name !== 'RUNNING') {
        throw new ExportAlreadyFinishedError(exportId, exportStateOf(factsOfDescription(description)));
      }
      try {
        await handle.signal(cancelExportSignal, { reason });
      } catch (error) {
        // It closed between describe and signal.
        if (error instanceof WorkflowNotFoundError) throw new ExportAlreadyFinishedError(exportId, 'closed');
        throw error;
      }
      return this.runningStatus(handle, description);
    });
  }

  /**
   * Runs a FAILED export again under the same ID (a new run; `export-retry.ts` says what it starts from).
   * Refused (ExportNotRetryableError) while it runs and once it ended otherwise.
   */
  async retryExport(exportId: string): Promise<ExportStatus> {
    return this.call('retryExport', async () => {
      const { handle, description } = await this.describe(exportId);
      const failed = await this.closedOrRunning(handle, description);
      if (failed.state !== 'FAILED') {
        throw new ExportNotRetryableError(exportId, description.status.name === 'RUNNING' ? 'RUNNING' : failed.state);
      }
      const history = await handle.fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const original = (await decodeFirstPayload(converterOf(this.options.client), started?.input?.payloads)) as
        ExportInput | undefined;
      if (!original) throw new Error(`export ${exportId}: its first event holds no input`);
      const input = retryInputOf(original, failed);
      const memo = description.memo ?? {};
      const requestDigest = typeof memo['requestDigest'] === 'string' ? memo['requestDigest'] : '';
      const options = exportStartOptions(input, { exportId, keyed: false, requestDigest }, this.options.taskQueue);
      try {
        await this.options.client.workflow.start(EXPORT_WORKFLOW_TYPE, {
          ...options,
          // The same ID, a new run, only after a failure; the memo still says what was first asked.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          memo: { ...options.memo, requestedBackup: original.backupId },
        });
      } catch (error) {
        // Another retry got there first.
        if (error instanceof WorkflowExecutionAlreadyStartedError)
          throw new ExportNotRetryableError(exportId, 'RUNNING');
        throw error;
      }
      const { redisId, backupId, region } = input;
      return initialExportStatus({ exportId, redisId, backupId, region }, new Date().toISOString());
    });
  }

  /** A page of exports, as Temporal's visibility orders them: running newest first, then closed newest first. */
  async listExports(request: ListExportsRequest): Promise<ExportPage> {
    const query = exportVisibilityQuery(request);
    const nextPageToken = request.cursor === undefined ? undefined : decodeExportCursor(query, request.cursor);
    const { client } = this.options;
    const response = await this.call('listExports', async () => {
      try {
        return await client.workflowService.listWorkflowExecutions({
          namespace: this.namespace,
          query,
          pageSize: request.limit,
          nextPageToken: nextPageToken ?? null,
        });
      } catch (error) {
        // A forged page token reaches the server as garbage; it answers INVALID_ARGUMENT or UNKNOWN.
        const code = grpcCodeOf(error);
        if (nextPageToken && (code === GrpcStatus.INVALID_ARGUMENT || code === GrpcStatus.UNKNOWN)) {
          throw new InvalidCursorError('Temporal did not accept it');
        }
        throw error;
      }
    });
    const items = await Promise.all(
      response.executions.map(async (raw) => {
        const status = exportStatusFromExecution(await factsOfRawExecution(raw, client.options.loadedDataConverter));
        const { exportId, redisId, backupId, region, state, startedAt, finishedAt } = status;
        return { exportId, redisId, backupId, region, state, startedAt, finishedAt };
      }),
    );
    const token = response.nextPageToken;
    return { items, nextCursor: token && token.length > 0 ? encodeExportCursor(query, token) : null };
  }

  /** How many exports are in each state (one count per state: SQL visibility has no GROUP BY on custom attributes). */
  async countExportsByState(): Promise<Record<ExportState, number>> {
    const counts = await this.call('countExports', () =>
      Promise.all(
        EXPORT_STATES.map(async (state) => {
          const { count } = await this.options.client.workflow.count(exportVisibilityQuery({ state }));
          return [state, count] as const;
        }),
      ),
    );
    return Object.fromEntries(counts) as Record<ExportState, number>;
  }

  /** Whether Temporal answers a cheap call about our namespace within timeoutMs. */
  async isTemporalReachable(timeoutMs: number): Promise<boolean> {
    const { client } = this.options;
    try {
      await client.withDeadline(Date.now() + timeoutMs, () =>
        client.workflowService.describeNamespace({ namespace: this.namespace }),
      );
      return true;
    } catch {
      return false;
    }
  }

  private async describe(
    exportId: string,
  ): Promise<{ handle: WorkflowHandle; description: WorkflowExecutionDescription }> {
    if (!parseExportId(exportId)) throw new ExportNotFoundError(exportId);
    try {
      const description = await this.options.client.workflow.getHandle(exportId).describe();
      if (description.type !== EXPORT_WORKFLOW_TYPE) throw new ExportNotFoundError(exportId);
      // Pin the run: a new run of the same backup must not change what this read returns halfway.
      return { handle: this.options.client.workflow.getHandle(exportId, description.runId), description };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new ExportNotFoundError(exportId);
      throw error;
    }
  }

  private async runningStatus(
    handle: WorkflowHandle,
    description: WorkflowExecutionDescription,
  ): Promise<ExportStatus> {
    let status: ExportStatus;
    try {
      status = normalizeExportStatus(
        await this.options.client.withDeadline(Date.now() + this.queryTimeoutMs, () => handle.query(exportStatusQuery)),
      );
    } catch (error) {
      // No worker answered (none running, or the first workflow task is still queued): say what Temporal knows.
      if (error instanceof WorkflowNotFoundError) throw new ExportNotFoundError(handle.workflowId);
      return exportStatusFromExecution(factsOfDescription(description));
    }
    if (status.state === 'WAITING_FOR_TASK') {
      // Polls are activity retries, which the workflow does not see; the pending attempt counts them.
      const attempts = (description.raw.pendingActivities ?? []).map((activity) => activity.attempt ?? 0);
      status = { ...status, polls: Math.max(status.polls, ...attempts) };
    }
    return withLiveArchiveBytes(this.options.client, status, description.raw.pendingActivities ?? []);
  }

  private async closedStatus(handle: WorkflowHandle, description: WorkflowExecutionDescription): Promise<ExportStatus> {
    try {
      const result: unknown = await handle.result();
      if (isExportStatus(result)) return normalizeExportStatus(result);
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      const { cause } = error;
      const reported =
        (cause instanceof ApplicationFailure && cause.type === EXPORT_FAILED_TYPE) || cause instanceof CancelledFailure
          ? cause.details?.[0]
          : undefined;
      if (isExportStatus(reported)) return normalizeExportStatus(reported);
    }
    // Terminated, timed out, or cancelled through Temporal before the workflow could report.
    return exportStatusFromExecution(factsOfDescription(description));
  }

  /** Runs one operation under a deadline and turns "Temporal unreachable" into TemporalUnavailableError. */
  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return temporalCall(this.options.client, operation, this.callTimeoutMs, fn);
  }
}
