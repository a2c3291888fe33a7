// The exportRedisBackup workflow: runs the export steps in a scope that cancelExport or a Temporal cancel
// stops at once (also between polls), keeps ExportStatus current, and ends with the documented outcome.
import { CancellationScope, isCancellation, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  exportSubjectOf,
  isTerminalExportState,
  type ExportInput,
  type ExportStatus,
  type NotificationSource,
} from '@crs-export/contracts';
import { resolvePollingPolicy } from './activity-options';
import { cancelExportSignal, exportStatusQuery } from './export-definitions';
import { exportCancelled, exportErrorOf, exportFailed } from './export-failure';
import { ExportProgress } from './export-progress';
import { runExportSteps } from './export-steps';
import { notifyEnd } from './notify';

const TEMPORAL_CANCEL_REASON = 'cancelled through Temporal (workflow cancellation request)';

export async function exportRedisBackup(input: ExportInput): Promise<ExportStatus> {
  const progress = new ExportProgress(input);
  const steps = new CancellationScope();
  setHandler(exportStatusQuery, () => progress.snapshot());
  setHandler(cancelExportSignal, ({ reason } = {}) => {
    if (isTerminalExportState(progress.state)) return;
    progress.recordCancellation(reason?.trim() || 'cancelled by request');
    steps.cancel();
  });
  const policy = resolvePollingPolicy(input.polling);
  try {
    await steps.run(() => runExportSteps(input, policy, progress));
  } catch (error) {
    const failure = endUnsuccessfully(progress, error, {
      cancelled: steps.consideredCancelled,
      deadlineMs: policy.deadlineMs,
    });
    await notifyEnd(input.notify, progress.state === 'CANCELLED' ? 'CANCELLED' : 'FAILED', sourceOf(input, progress));
    throw failure;
  }
  progress.enter('SUCCEEDED');
  await notifyEnd(input.notify, 'SUCCEEDED', sourceOf(input, progress));
  return progress.snapshot();
}

function sourceOf(input: ExportInput, progress: ExportProgress): NotificationSource {
  return {
    kind: 'export',
    export: exportSubjectOf(progress.snapshot()),
    runId: workflowInfo().firstExecutionRunId,
    batchId: input.batchId ?? null,
  };
}

/** FAILED with the error, or CANCELLED with the reason; either way the final ExportStatus rides in details[0]. */
function endUnsuccessfully(
  progress: ExportProgress,
  error: unknown,
  { cancelled, deadlineMs }: { cancelled: boolean; deadlineMs: number },
): Error {
  if (cancelled || isCancellation(error)) {
    progress.recordCancellation(TEMPORAL_CANCEL_REASON);
    progress.enter('CANCELLED');
    return exportCancelled(progress.snapshot());
  }
  progress.recordError(exportErrorOf(error, { deadlineMs, polls: progress.snapshot().polls }));
  progress.enter('FAILED');
  return exportFailed(progress.snapshot());
}
