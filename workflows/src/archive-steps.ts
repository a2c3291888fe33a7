// The archive step of an export with a destination (state ARCHIVING): where the archive stands (a complete
// one is a no-op that says so), one transfer activity per file (at most FILE_CONCURRENCY at once; the first
// that fails cancels the others, whose uploads are aborted), then the manifest, last.
import { ActivityCancellationType, CancellationScope, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  ownExportError,
  exportFailure,
  type ExportBackup,
  type ExportFile,
  type ExportInput,
  type ExportTarget,
  type PollingPolicy,
} from '@crs-export/contracts';
import type { ArchiveActivities, ArchivedFile, ArchiveRef } from '@crs-export/export-activities';
import type { ExportProgress } from './export-progress';

/** Files of one export transferred at once (a 128-shard cluster does not open 128 uploads). */
export const FILE_CONCURRENCY = 4;
/** Long outages up to the export's deadline lose nothing, and a transfer has at least this long. */
const MIN_ARCHIVE_BOUND_MS = 6 * 3_600_000;

function archiveProxies(policy: PollingPolicy) {
  const bound = Math.max(policy.deadlineMs, MIN_ARCHIVE_BOUND_MS);
  const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' };
  return {
    calls: proxyActivities<ArchiveActivities>({
      startToCloseTimeout: '2 minutes',
      scheduleToCloseTimeout: bound,
      retry,
    }),
    transfers: proxyActivities<ArchiveActivities>({
      // A dead worker is noticed by its missing heartbeats; the next attempt resumes from the checkpoint.
      heartbeatTimeout: '30 seconds',
      startToCloseTimeout: '12 hours',
      scheduleToCloseTimeout: bound,
      retry,
      // A cancelled export ends only once the transfer has aborted its upload: nothing is left behind.
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    }),
  };
}

export async function archiveExport(
  input: ExportInput & { destination: string },
  target: ExportTarget,
  backup: ExportBackup | null,
  files: ExportFile[],
  policy: PollingPolicy,
  progress: ExportProgress,
): Promise<void> {
  if (!backup) {
    throw exportFailure(
      ownExportError('ArchiveDestinationInvalid', 'the backup is not known, so it cannot be archived'),
    );
  }
  const { calls, transfers } = archiveProxies(policy);
  const ref: ArchiveRef = {
    destination: input.destination,
    redisId: target.redisId,
    backupId: target.backupId,
    backupStartedAt: backup.startedAt,
  };
  progress.enter('ARCHIVING');
  const plan = await calls.prepareArchive(ref);
  progress.startArchive(plan.location, files);
  if (plan.state === 'complete') {
    progress.archiveAlreadyComplete(plan.manifest);
    return;
  }
  const archived: ArchivedFile[] = [];
  const queue = [...files].sort((a, b) => a.shard - b.shard);
  const scope = new CancellationScope();
  try {
    await scope.run(() =>
      Promise.all(
        Array.from({ length: Math.min(FILE_CONCURRENCY, queue.length) }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) {
            progress.fileTransferring(file.shard);
            try {
              const done = await transfers.archiveFile({
                ...ref,
                region: target.region,
                shard: file.shard,
                name: file.name,
                sizeBytes: file.sizeBytes,
                intranetUrl: file.intranetUrl,
                extranetUrl: file.extranetUrl,
                walkRdb: backup.encrypted !== true,
                expectedRdbVersion: backup.rdbVersion,
              });
              progress.fileVerified(done);
              archived.push(done);
            } catch (error) {
              progress.fileFailed(file.shard);
              // The first failure stops the other transfers: the archive has failed.
              scope.cancel();
              throw error;
            }
          }
        }),
      ),
    );
  } catch (error) {
    progress.archiveFailed();
    throw error;
  }
  const { manifest } = await calls.writeArchiveManifest({
    ...ref,
    region: target.region,
    engine: backup.engine,
    backupType: backup.type,
    encrypted: backup.encrypted === true,
    exportId: workflowInfo().workflowId,
    files: archived,
  });
  progress.archiveComplete(manifest);
}
