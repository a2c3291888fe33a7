// The archive steps of an export, built by a factory against the backend port and the destination stores:
// where the archive stands (a complete one is a no-op that says so), one file's streamed and checked transfer
// (its checkpoint in the heartbeat, so that a retried attempt resumes with Range), and the manifest, last.
import { Context, log } from '@temporalio/activity';
import type { ApplicationFailure, Logger, MetricCounter } from '@temporalio/common';
import {
  ArchiveCancelledError,
  ArchiveCheckError,
  ArchiveDestinationError,
  ArchiveSourceError,
  ArchiveStoreError,
  abandonTransfer,
  archiveDirOf,
  archiveState,
  buildManifest,
  isAllowedDestination,
  keyIn,
  MANIFEST_NAME,
  parseArchiveDestination,
  shardObjectName,
  transferFile,
  writeManifest,
  type TransferCheckpoint,
  type TransferResult,
} from '@crs-export/archive';
import { exportFailure, ownExportError, type CrsBackend, type ExportError } from '@crs-export/contracts';
import { asActivity } from './activity-failure';
import type { OpenArchiveStore } from './retention-activities';

export interface ArchiveActivityDeps {
  backend: CrsBackend;
  openStore: OpenArchiveStore;
  /**
   * Where this worker may write (ARCHIVE_URL and ARCHIVE_DESTINATIONS): checked again here, so that a workflow
   * started past the API cannot make the worker write anywhere else. Omitted: any destination (tests only).
   */
  allowedDestinations?: readonly string[];
  /** Written into each manifest. */
  productVersion: string;
  partSizeBytes?: number;
  /** Downloads of a file that fails a check before the export fails. */
  checkAttempts?: number;
  /** Which of Tencent's URLs to download from: extranet (default) or intranet (inside Tencent Cloud). */
  network?: 'extranet' | 'intranet';
  logger?: Logger;
}

/** Which archive a backup has: its directory under the destination. */
export interface ArchiveRef {
  destination: string;
  redisId: string;
  backupId: string;
  backupStartedAt: string;
}

export interface ArchivePlan {
  /** The archive's directory (`<destination>/<redisId>/<stamp>-<backupId>/`). */
  location: string;
  dir: string;
  /** complete: already archived (nothing to do); otherwise the files are (re)written. */
  state: 'absent' | 'incomplete' | 'complete' | 'mismatch';
  manifest: string | null;
}

export interface ArchiveFileInput extends ArchiveRef {
  region: string;
  shard: number;
  /** Tencent's file name. */
  name: string;
  sizeBytes: number | null;
  /** The URLs as fetched; a refused or expired one is fetched again through the backend. */
  intranetUrl: string;
  extranetUrl: string;
  /** RDB checks; false for an encrypted backup (size and SHA-256 only). */
  walkRdb: boolean;
  expectedRdbVersion: number | null;
}

/** One file archived and checked: what the manifest and the export's archive say about it. */
export interface ArchivedFile {
  shard: number;
  name: string;
  sourceName: string;
  sizeBytes: number;
  sha256: string;
  crc64: string | null;
  rdbVersion: number | null;
  keys: number | null;
  attempts: number;
  resumed: boolean;
  result: TransferResult;
}

export interface ArchiveManifestInput extends ArchiveRef {
  region: string;
  engine: string | null;
  backupType: string;
  encrypted: boolean;
  exportId: string;
  files: ArchivedFile[];
}

/** What a transfer's heartbeat carries: its checkpoint (for a resume) and the bytes done (for the API). */
export interface ArchiveHeartbeat {
  shard: number;
  bytesDone: number;
  sizeBytes: number | null;
  checkpoint: TransferCheckpoint | null;
}

const HEARTBEAT_EVERY_MS = 5_000;

function locationOf(destination: string, dir: string): string {
  return `${destination.replace(/\/+$/, '')}/${dir}/`;
}

function archiveFailure(error: ExportError): ApplicationFailure {
  return exportFailure(error);
}

/** Archive errors in the one failure model: a check or a refused source is for good; a store outage is retried. */
function toArchiveFailure(error: unknown): unknown {
  if (error instanceof ArchiveCheckError) {
    return archiveFailure({
      type: 'ArchiveCheckFailed',
      code: `ArchiveCheckFailed.${error.check}`,
      name: 'ArchiveCheckFailed',
      message: error.message,
      retryable: false,
    });
  }
  if (error instanceof ArchiveSourceError) {
    return archiveFailure({
      ...ownExportError('ArchiveSourceFailed', error.message, { retryable: error.retryable }),
      ...(error.status === null ? {} : { code: `ArchiveSourceFailed.${error.status}` }),
    });
  }
  if (error instanceof ArchiveDestinationError) {
    return archiveFailure(ownExportError('ArchiveDestinationInvalid', error.message));
  }
  if (error instanceof ArchiveStoreError) {
    return archiveFailure(ownExportError('ArchiveStoreFailed', error.message, { retryable: true }));
  }
  return error;
}

function readCheckpoint(details: unknown): TransferCheckpoint | null {
  const heartbeat = details as Partial<ArchiveHeartbeat> | undefined;
  return heartbeat?.checkpoint ?? null;
}

export function createArchiveActivities(deps: ArchiveActivityDeps) {
  const logger = (): Logger => deps.logger ?? log;
  let bytesArchived: MetricCounter | null = null;
  let failedChecks: MetricCounter | null = null;
  const metrics = () => {
    const meter = Context.current().metricMeter;
    bytesArchived ??= meter.createCounter('crs_export_archive_bytes', 'bytes', 'Bytes archived and checked');
    failedChecks ??= meter.createCounter('crs_export_archive_failed_checks', '1', 'Downloads that failed a check');
    return { bytesArchived, failedChecks };
  };

  return {
    /** Where the archive stands; a manifest that no longer matches its objects is removed first. */
    async prepareArchive(ref: ArchiveRef): Promise<ArchivePlan> {
      return asActivity(async () => {
        const allowed = deps.allowedDestinations;
        if (allowed && !isAllowedDestination(ref.destination, allowed)) {
          throw archiveFailure(
            ownExportError(
              'ArchiveDestinationInvalid',
              allowed.length === 0
                ? 'this worker archives nowhere: set ARCHIVE_URL or ARCHIVE_DESTINATIONS'
                : `the destination is not inside one of this worker's allowed destinations (${allowed.join(', ')})`,
            ),
          );
        }
        const dir = archiveDirOf(ref);
        const store = deps.openStore(parseArchiveDestination(ref.destination).url);
        try {
          const signal = Context.current().cancellationSignal;
          const found = await archiveState(store, dir, { signal });
          if (found.state === 'mismatch') {
            logger().warn('archive manifest does not match its objects; archiving again', {
              location: locationOf(ref.destination, dir),
              problems: found.problems,
            });
            await store.delete(keyIn(dir, MANIFEST_NAME), { signal });
          }
          return {
            location: locationOf(ref.destination, dir),
            dir,
            state: found.state,
            manifest: found.state === 'complete' ? `${locationOf(ref.destination, dir)}${MANIFEST_NAME}` : null,
          };
        } catch (error) {
          throw toArchiveFailure(error);
        } finally {
          store.close();
        }
      });
    },

    /**
     * One file: download, check and upload in one stream. The heartbeat carries the transfer's checkpoint, so a
     * retried attempt (worker lost, network cut) resumes from the last completed part with a Range request; a
     * cancel aborts the upload and leaves nothing; a worker shutdown keeps it for the next attempt.
     */
    async archiveFile(input: ArchiveFileInput): Promise<ArchivedFile> {
      return asActivity(async () => {
        const context = Context.current();
        const dir = archiveDirOf(input);
        const key = keyIn(dir, shardObjectName(input.shard));
        const store = deps.openStore(parseArchiveDestination(input.destination).url);
        const cancel = new AbortController();
        const interrupt = new AbortController();
        context.cancelled.catch(() => {
          // A cancel of the export aborts the upload; a shutdown or a timeout keeps it to be resumed.
          if (context.cancellationDetails?.cancelRequested) cancel.abort(new Error('export cancelled'));
          else interrupt.abort(new Error('worker stopping'));
        });
        const previous = readCheckpoint(context.info.heartbeatDetails);
        let last: ArchiveHeartbeat = {
          shard: input.shard,
          bytesDone: previous?.bytesDone ?? 0,
          sizeBytes: input.sizeBytes,
          checkpoint: previous,
        };
        const ticker = setInterval(() => context.heartbeat(last), HEARTBEAT_EVERY_MS);
        const url = (file: { intranetUrl: string; extranetUrl: string }): string =>
          deps.network === 'intranet' ? file.intranetUrl : file.extranetUrl;
        try {
          context.heartbeat(last);
          const result = await transferFile({
            store,
            key,
            shard: input.shard,
            source: {
              url: url(input),
              sizeBytes: input.sizeBytes,
              freshUrl: async () => {
                const answer = await deps.backend.backupFiles(input, { signal: cancel.signal });
                const file = answer.ready
                  ? answer.files.find((candidate) => candidate.shard === input.shard)
                  : undefined;
                if (!file) throw new Error(`Tencent no longer lists shard ${input.shard} of backup ${input.backupId}`);
                logger().info('download URL refreshed', { shard: input.shard });
                return url(file);
              },
            },
            checks: { rdb: input.walkRdb, expectedRdbVersion: input.expectedRdbVersion },
            checkpoint: previous,
            ...(deps.partSizeBytes === undefined ? {} : { partSizeBytes: deps.partSizeBytes }),
            ...(deps.checkAttempts === undefined ? {} : { maxAttempts: deps.checkAttempts }),
            onCheckpoint: (checkpoint) => {
              last = { shard: input.shard, bytesDone: checkpoint.bytesDone, sizeBytes: input.sizeBytes, checkpoint };
              context.heartbeat(last);
            },
            onEvent: (event) => {
              if (event.type === 'check-failed') metrics().failedChecks.add(1);
              if (event.type === 'range-request') {
                logger().info('download resumed with a Range request', { ...event });
              }
            },
            signal: cancel.signal,
            interruptSignal: interrupt.signal,
          });
          metrics().bytesArchived.add(result.sizeBytes);
          logger().info('file archived', {
            shard: input.shard,
            key,
            sizeBytes: result.sizeBytes,
            sha256: result.sha256,
            resumed: result.resumed,
            attempts: result.attempts,
          });
          return {
            shard: input.shard,
            name: shardObjectName(input.shard),
            sourceName: input.name,
            sizeBytes: result.sizeBytes,
            sha256: result.sha256,
            crc64: result.crc64,
            rdbVersion: result.rdb?.rdbVersion ?? null,
            keys: result.rdb?.keys ?? null,
            attempts: result.attempts,
            resumed: result.resumed,
            result,
          };
        } catch (error) {
          if (error instanceof ArchiveCancelledError || cancel.signal.aborted) {
            // Nothing of this file stays: the transfer aborted its upload; an older checkpoint's goes too.
            await abandonTransfer(store, last.checkpoint).catch(() => false);
            throw error;
          }
          throw toArchiveFailure(error);
        } finally {
          clearInterval(ticker);
          store.close();
        }
      });
    },

    /** The manifest, written last (after checking every file is there with its size): the archive is complete. */
    async writeArchiveManifest(input: ArchiveManifestInput): Promise<{ manifest: string }> {
      return asActivity(async () => {
        const dir = archiveDirOf(input);
        const store = deps.openStore(parseArchiveDestination(input.destination).url);
        try {
          const manifest = buildManifest({
            productVersion: deps.productVersion,
            exportId: input.exportId,
            redisId: input.redisId,
            region: input.region,
            engine: input.engine,
            backupId: input.backupId,
            backupType: input.backupType,
            backupStartedAt: input.backupStartedAt,
            encrypted: input.encrypted,
            files: input.files.map((file) => ({ name: file.name, sourceName: file.sourceName, result: file.result })),
          });
          await writeManifest(store, dir, manifest, { signal: Context.current().cancellationSignal });
          return { manifest: `${locationOf(input.destination, dir)}${MANIFEST_NAME}` };
        } catch (error) {
          throw toArchiveFailure(error);
        } finally {
          store.close();
        }
      });
    },
  };
}

export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
