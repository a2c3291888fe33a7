// The archive's domain errors: a refused destination, a file that failed a check, a source or store that
// failed, a cancelled or interrupted transfer. Callers branch on the class and its fields, never on messages.
import type { TransferCheckpoint } from './transfer-checkpoint';

/** What a downloaded file is checked for, in the order a stream meets them. */
export type ArchiveCheck =
  | 'size'
  | 'magic'
  | 'version'
  | 'structure'
  | 'crc'
  | 'truncated'
  | 'trailing-bytes'
  /** A completed part read again on resume (from the store or the source) differs from what was uploaded. */
  | 'part-mismatch';

export class ArchiveDestinationError extends Error {
  override readonly name = 'ArchiveDestinationError';
}

/** A file failed a check on every attempt (or on its last one); nothing was left under its final name. */
export class ArchiveCheckError extends Error {
  override readonly name = 'ArchiveCheckError';

  constructor(
    readonly check: ArchiveCheck,
    readonly shard: number,
    readonly key: string,
    /** Offset in the file where the problem was found, when known. */
    readonly offset: number | null,
    readonly attempts: number,
    readonly detail: string,
  ) {
    super(
      `shard ${shard} (${key}) failed the ${check} check after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${detail}`,
    );
  }
}

/**
 * The download source failed in a way the transfer does not get past by itself: an HTTP status it does not
 * retry, a refused URL with no way (or no more tries) to get a fresh one, or too many network failures.
 * `retryable` says whether another attempt later may succeed; when it is, the multipart upload is kept
 * and `checkpoint` (when there is one) resumes it.
 */
export class ArchiveSourceError extends Error {
  override readonly name = 'ArchiveSourceError';

  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly checkpoint: TransferCheckpoint | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A store call failed (after the SDK's own retries); the upload is kept for a resumed attempt. */
export class ArchiveStoreError extends Error {
  override readonly name = 'ArchiveStoreError';

  constructor(
    readonly operation: string,
    readonly key: string,
    message: string,
    readonly checkpoint: TransferCheckpoint | null = null,
    options?: { cause?: unknown },
  ) {
    super(`${operation} ${key}: ${message}`, options);
  }
}

/** The transfer was cancelled (its `signal`); its upload was aborted and nothing is left behind. */
export class ArchiveCancelledError extends Error {
  override readonly name = 'ArchiveCancelledError';
}

/**
 * The transfer was stopped on purpose without cleaning up (its `interruptSignal`, e.g. a worker shutting
 * down): the upload stays open and `checkpoint` resumes it.
 */
export class ArchiveInterruptedError extends Error {
  override readonly name = 'ArchiveInterruptedError';

  constructor(
    message: string,
    readonly checkpoint: TransferCheckpoint | null,
  ) {
    super(message);
  }
}

/** The archive's manifest is missing, unreadable or not one of ours. */
export class ArchiveManifestError extends Error {
  override readonly name = 'ArchiveManifestError';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
