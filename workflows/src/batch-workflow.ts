// The exportBatch workflow: resolves the instances, runs one child export per instance with at most N at a
// time, continues as new every CHILDREN_PER_RUN children so its history stays bounded for thousands of
// instances, prunes old archives after the run, and ends with its counts and each failure.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowFailure,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
  ParentClosePolicy,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import {
  BatchIdSearchAttribute,
  exportErrorCarriedBy,
  ExportStateSearchAttribute,
  EXPORT_FAILED_TYPE,
  RedisIdSearchAttribute,
  ScheduledStartTimeSearchAttribute,
  selectorExportIdFor,
  type BatchFailure,
  type BatchInput,
  type BatchStatus,
  type ExportError,
  type ExportInput,
  type ExportState,
  type ExportStatus,
  type NotificationSource,
} from '@crs-export/contracts';
import type { ExportActivities, RetentionActivities } from '@crs-export/export-activities';
import { batchStatusQuery, cancelBatchSignal } from './batch-definitions';
import { BatchProgress } from './batch-progress';
import type { exportRedisBackup } from './export-workflow';
import { notifyEnd } from './notify';

/** Children started by one run before it continues as new: ~6 history events each. */
export const CHILDREN_PER_RUN = 500;
const DEFAULT_CONCURRENCY = 10;

export interface BatchWorkflowInput extends BatchInput {
  /** Children per run before continuing as new (default CHILDREN_PER_RUN; tests use fewer). */
  childrenPerRun?: number;
  /** Carried over by continue-as-new: what is left, and the status so far. */
  continuation?: { remaining: string[]; status: BatchStatus };
}

const calls = proxyActivities<ExportActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  scheduleToCloseTimeout: '6 hours',
});

const { pruneArchives } = proxyActivities<RetentionActivities>({
  // Listing and deleting many archives: alive as long as it heartbeats.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

interface Running {
  redisId: string;
  exportId: string;
  /** How the child ended. */
  done: Promise<ExportState>;
}

/** What one run did: the instances left for the next run, and those whose export succeeded in this one. */
interface RunOutcome {
  remaining: string[];
  succeeded: string[];
}

export async function exportBatch(input: BatchWorkflowInput): Promise<BatchStatus> {
  const progress = new BatchProgress(input, input.continuation?.status ?? null);
  const steps = new CancellationScope();
  setHandler(batchStatusQuery, () => progress.snapshot());
  setHandler(cancelBatchSignal, () => steps.cancel());
  let remaining: string[] = [];
  const cancelled = async (): Promise<CancelledFailure> => {
    progress.enter('CANCELLED');
    await notifyEnd(input.notify, 'CANCELLED', batchSourceOf(progress));
    return new CancelledFailure('batch cancelled', [progress.snapshot()]);
  };
  try {
    remaining = await steps.run(async () => {
      let queue = input.continuation?.remaining ?? null;
      if (queue === null) {
        queue = await calls.resolveBatchInstances(input.selector);
        progress.resolved(queue.length);
      }
      progress.enter('RUNNING');
      const outcome = await runChildren(input, queue, progress);
      await pruneStep(input, outcome.succeeded, progress);
      return outcome.remaining;
    });
  } catch (error) {
    if (steps.consideredCancelled || isCancellation(error)) throw await cancelled();
    const batchError = batchErrorOf(error);
    progress.recordError(batchError);
    progress.enter('FAILED');
    await notifyEnd(input.notify, 'FAILED', batchSourceOf(progress));
    throw ApplicationFailure.create({
      type: EXPORT_FAILED_TYPE,
      message: `batch failed: ${batchError.message}`,
      nonRetryable: true,
      details: [progress.snapshot()],
    });
  }
  // A cancel that came while the last children were ending them leaves nothing more to start.
  if (steps.consideredCancelled) throw await cancelled();
  if (remaining.length > 0) {
    // Every child of this run has ended; the next run starts with a fresh, short history.
    await continueAsNew<typeof exportBatch>({ ...input, continuation: { remaining, status: progress.snapshot() } });
  }
  const outcome = progress.failures > 0 ? 'FAILED' : 'SUCCEEDED';
  progress.enter(outcome);
  await notifyEnd(input.notify, outcome, batchSourceOf(progress));
  return progress.snapshot();
}

/** The batch's end as its event tells it; a schedule's run also says when it was due. */
function batchSourceOf(progress: BatchProgress): NotificationSource {
  const scheduledAt = workflowInfo().typedSearchAttributes.get(ScheduledStartTimeSearchAttribute);
  return {
    kind: 'batch',
    batch: progress.snapshot(),
    runId: workflowInfo().firstExecutionRunId,
    scheduledAt: scheduledAt ? scheduledAt.toISOString() : null,
  };
}

/**
 * Pruning after this run's children ended: only instances that just got a new complete archive, so that an
 * instance whose exports keep failing keeps every archive it has. Its own step (PRUNING) with its report.
 */
async function pruneStep(input: BatchWorkflowInput, succeeded: string[], progress: BatchProgress): Promise<void> {
  if (!input.retention || !input.destination || succeeded.length === 0) return;
  progress.enter('PRUNING');
  progress.recordRetention(
    await pruneArchives({ destination: input.destination, redisIds: succeeded, policy: input.retention }),
  );
}

/** Starts children, at most `concurrency` at once, until the list or this run's share is used up. */
async function runChildren(input: BatchWorkflowInput, queue: string[], progress: BatchProgress): Promise<RunOutcome> {
  const concurrency = Math.max(1, input.concurrency ?? DEFAULT_CONCURRENCY);
  const left = [...queue];
  const running = new Map<string, Running>();
  const succeeded: string[] = [];
  const perRun = Math.max(1, input.childrenPerRun ?? CHILDREN_PER_RUN);
  let startedThisRun = 0;
  const drain = async (): Promise<void> => {
    if (running.size > 0) await Promise.race([...running.values()].map((entry) => entry.done));
  };
  try {
    while (left.length > 0 && startedThisRun < perRun) {
      while (running.size >= concurrency) await drain();
      const redisId = left.shift() ?? '';
      const entry = await startExport(input, redisId, progress);
      running.set(redisId, entry);
      void entry.done.then((state) => {
        running.delete(redisId);
        if (state === 'SUCCEEDED') succeeded.push(redisId);
      });
      startedThisRun += 1;
    }
    while (running.size > 0) await drain();
  } catch (error) {
    // Cancelled: the children were asked to stop (they are in this scope); wait until each has ended.
    await CancellationScope.nonCancellable(async () => {
      await Promise.allSettled([...running.values()].map((entry) => entry.done));
    });
    throw error;
  }
  return { remaining: left, succeeded };
}

async function startExport(input: BatchWorkflowInput, redisId: string, progress: BatchProgress): Promise<Running> {
  const exportId = selectorExportIdFor(redisId, input.backup, uuid4().replace(/-/g, ''));
  const childInput: ExportInput = {
    redisId,
    backupId: input.backup,
    region: input.selector.region,
    batchId: progress.batchId,
    ...(input.polling ? { polling: input.polling } : {}),
    ...(input.newBackup ? { newBackup: input.newBackup } : {}),
    ...(input.destination ? { destination: input.destination } : {}),
    ...(input.notifyExports ? { notify: input.notifyExports } : {}),
  };
  const handle: ChildWorkflowHandle<typeof exportRedisBackup> = await startChild<typeof exportRedisBackup>(
    'exportRedisBackup',
    {
      workflowId: exportId,
      args: [childInput],
      taskQueue: workflowInfo().taskQueue,
      // A batch that is terminated asks its children to stop; one that continues as new has none running.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      typedSearchAttributes: [
        { key: RedisIdSearchAttribute, value: redisId },
        { key: ExportStateSearchAttribute, value: 'VALIDATING' },
        { key: BatchIdSearchAttribute, value: progress.batchId },
      ],
      memo: { region: childInput.region, requestedBackup: input.backup },
    },
  );
  progress.started();
  const done = handle.result().then(
    (status): ExportState => {
      progress.finished(status.state, null);
      return status.state;
    },
    (error: unknown): ExportState => {
      const { state, status } = outcomeOf(error);
      progress.finished(state, failureOf(redisId, exportId, state, status, error));
      return state;
    },
  );
  return { redisId, exportId, done };
}

/** Why the batch itself failed: resolving its instances, or pruning (its children's failures are counted instead). */
function batchErrorOf(error: unknown): ExportError {
  const activity = error instanceof ActivityFailure ? error : null;
  const cause = activity?.cause ?? error;
  const carried = cause instanceof ApplicationFailure ? exportErrorCarriedBy(cause) : null;
  const step = activity?.activityType;
  const code =
    step === 'pruneArchives'
      ? 'RetentionFailed'
      : step === 'resolveBatchInstances'
        ? 'ResolveInstancesFailed'
        : 'BatchFailed';
  return {
    type: carried?.type ?? 'ExportWorkflowError',
    code: carried?.code ?? code,
    name: carried?.name ?? code,
    message: `${step ? `${step}: ` : ''}${cause instanceof Error ? cause.message : String(cause)}`,
    retryable: false,
    ...(step ? { action: step } : {}),
  };
}

/** How a child that did not complete ended, from its failure (the ExportStatus rides in details[0]). */
function outcomeOf(error: unknown): { state: ExportState; status: ExportStatus | null } {
  const cause = error instanceof ChildWorkflowFailure ? error.cause : error;
  const carried = (cause as { details?: unknown[] } | undefined)?.details?.[0] as ExportStatus | undefined;
  const status = carried && typeof carried.state === 'string' ? carried : null;
  if (cause instanceof CancelledFailure) return { state: 'CANCELLED', status };
  return { state: status?.state ?? 'FAILED', status };
}

function failureOf(
  redisId: string,
  exportId: string,
  state: ExportState,
  status: ExportStatus | null,
  error: unknown,
): BatchFailure {
  const carried = status?.error ?? (error instanceof ApplicationFailure ? exportErrorCarriedBy(error) : null);
  const message = carried?.message ?? (error instanceof Error ? error.message : String(error));
  return {
    redisId,
    exportId,
    state,
    error: carried ? { code: carried.code, name: carried.name, message } : { code: state, name: state, message },
  };
}
