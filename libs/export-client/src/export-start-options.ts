// How an export is started: its ID (from the backup, from an Idempotency-Key, or random), one running export
// per backup, the search attributes and the memo.
import { createHash, randomBytes } from 'node:crypto';
import type { WorkflowOptions } from '@temporalio/client';
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  RedisIdSearchAttribute,
  exportIdFor,
  isBackupSelector,
  selectorExportIdFor,
  type ExportInput,
} from '@crs-export/contracts';

export interface ExportStartRequest {
  input: ExportInput;
  /** The caller's Idempotency-Key: the same key (from the same caller) always answers with the same export. */
  idempotencyKey?: string;
  /** Who asks (the API key's id): keys of different callers never collide. */
  callerId?: string;
}

export interface ExportStart {
  exportId: string;
  /** Whether an Idempotency-Key names this start: then a closed export is returned, never run again. */
  keyed: boolean;
  /** A digest of the request, kept in the memo, so that a key reused for another request is refused. */
  requestDigest: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The export's ID and how its start behaves. */
export function exportStartOf(request: ExportStartRequest): ExportStart {
  const { input } = request;
  const requestDigest = sha256(
    JSON.stringify([
      input.redisId,
      input.backupId,
      input.region,
      input.newBackup ?? null,
      input.downloadRestriction ?? null,
      // Only when given, so that the digests of requests recorded before these fields existed still match.
      ...(input.destination === undefined ? [] : [{ destination: input.destination }]),
      ...(input.notify === undefined ? [] : [{ notify: input.notify.endpoints }]),
    ]),
  ).slice(0, 32);
  const keyed = request.idempotencyKey !== undefined;
  if (!isBackupSelector(input.backupId)) {
    return { exportId: exportIdFor(input.redisId, input.backupId), keyed, requestDigest };
  }
  const token = keyed
    ? sha256(`${request.callerId ?? ''}\u0000${request.idempotencyKey ?? ''}`).slice(0, 24)
    : randomBytes(12).toString('hex');
  return { exportId: selectorExportIdFor(input.redisId, input.backupId, token), keyed, requestDigest };
}

/** The options every start of `exportRedisBackup` uses: the API's, and the benchmarks' raw-client starts. */
export function exportStartOptions(
  input: ExportInput,
  start: ExportStart,
  taskQueue: string,
): WorkflowOptions & { args: [ExportInput] } {
  return {
    workflowId: start.exportId,
    taskQueue,
    args: [input],
    // A second start of a running export fails (WorkflowExecutionAlreadyStartedError): the client then
    // describes the running one, so one backup never has two running exports.
    workflowIdConflictPolicy: 'FAIL',
    // A closed export (failed, cancelled, or URLs expired) may be run again, unless an Idempotency-Key asks
    // for exactly that export again.
    workflowIdReusePolicy: start.keyed ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: RedisIdSearchAttribute, value: input.redisId },
      // `latest` and `new` get their BackupId once the workflow has resolved it.
      ...(isBackupSelector(input.backupId) ? [] : [{ key: BackupIdSearchAttribute, value: input.backupId }]),
      { key: ExportStateSearchAttribute, value: 'VALIDATING' },
    ],
    // Neither is a search attribute; the memo lets a terminated export still say where it ran and what it asked.
    memo: { region: input.region, requestedBackup: input.backupId, requestDigest: start.requestDigest },
  };
}
