// The transfer of one backup file into the store: download → checks → upload, streamed (pooled part
// buffers, backpressure), overlapping download and upload; resumable from a checkpoint after each part;
// a refused URL fetched again, a file that fails a check downloaded again, nothing left under the final
// name unless every check passed.
//
// On resume the completed prefix is read again — from the store where it can be read back (a directory),
// else from the source (`Range: bytes=0-<end>`) — to compute the SHA-256 again (Node's native hash, four
// times hash-wasm's speed, cannot be saved) and to compare each completed part with its checksum; the walk
// resumes from its snapshot and the download goes on with `Range: bytes=<bytesDone>-`. Nothing is uploaded twice.
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RdbSummary } from '@crs-export/rdb';
import {
  ArchiveCancelledError,
  ArchiveCheckError,
  ArchiveInterruptedError,
  ArchiveSourceError,
  ArchiveStoreError,
  errorText,
} from './archive-errors';
import type { ArchiveStore, UploadedPart } from './archive-store';
import {
  isRefusedStatus,
  isTransientStatus,
  rangeHeader,
  requestSource,
  SourceHttpError,
  sourceAgents,
  type SourceAgents,
  type SourceResponse,
} from './download-source';
import { CheckFailure, FileChecks, type ChecksSnapshot, type FileChecksOptions } from './file-checks';
import { sharedPartBufferPool, type PartBufferPool } from './part-buffer-pool';
import { PartUploader } from './part-uploader';
import { readTransferCheckpoint, TRANSFER_CHECKPOINT_FORMAT, type TransferCheckpoint } from './transfer-checkpoint';
import { redactedUrl, type TransferEvent } from './transfer-events';

const MiB = 1024 * 1024;
export const DEFAULT_PART_SIZE_BYTES = 8 * MiB;
export const DEFAULT_UPLOAD_CONCURRENCY = 2;
/** Parts are made larger for files that would need more: a checkpoint lists every part (~110 bytes each). */
export const MAX_CHECKPOINT_PARTS = 1000;
/** A checkpoint carries the walker's buffered bytes (base64): take one only when they are few. */
const SNAPSHOT_PENDING_LIMIT = 4096;
const MAX_RETRY_DELAY_MS = 30_000;

export interface TransferSource {
  /** The download URL (a presigned COS URL, the simulator's, any HTTP(S) URL that serves Range). */
  url: string;
  /** The size Tencent reported; the file must have exactly this many bytes. Null: the first answer's. */
  sizeBytes?: number | null;
  /** A fresh URL for the same file, when the current one is refused (403: expired, or refused otherwise). */
  freshUrl?: () => Promise<string>;
  headers?: Record<string, string>;
}

export interface TransferFileOptions {
  store: ArchiveStore;
  /** The object's final key (`<redisId>/<stamp>-<backupId>/shard-<n>.rdb`). */
  key: string;
  shard: number;
  source: TransferSource;
  /** The RDB checks; `{ rdb: false }` for an encrypted file (size and SHA-256 only). */
  checks?: FileChecksOptions;
  /** The last checkpoint of an earlier attempt (e.g. the activity's heartbeat details); checked before use. */
  checkpoint?: unknown;
  /** Default 8 MiB; raised to the store's minimum and so that the file needs at most 1000 parts. */
  partSizeBytes?: number;
  /** Parts uploaded at once while the next one downloads; default 2. */
  uploadConcurrency?: number;
  /** Where part buffers come from; default the process's shared pool (24 MiB for all transfers). */
  bufferPool?: PartBufferPool;
  /** Downloads of the whole file when it fails a check; default 3. */
  maxAttempts?: number;
  /** Failed requests in a row (network, 5xx, a body cut short) before giving up; default 5. */
  maxNetworkRetries?: number;
  /** First pause before a retried request, doubled each time (at most 30 s); default 500 ms. */
  retryDelayMs?: number;
  /** Fresh URLs in a row that are refused again before giving up; default 3. */
  maxUrlRefreshes?: number;
  /** A download whose socket is silent this long is cut and resumed; default 60 s. */
  idleTimeoutMs?: number;
  /** After each completed part: the JSON to keep for a resume. */
  onCheckpoint?: (checkpoint: TransferCheckpoint) => void;
  onEvent?: (event: TransferEvent) => void;
  /** Cancels: the upload is aborted, nothing is left behind; the transfer fails with ArchiveCancelledError. */
  signal?: AbortSignal;
  /** Stops without cleaning up (a worker shutting down): fails with ArchiveInterruptedError and its checkpoint. */
  interruptSignal?: AbortSignal;
}

export interface TransferResult {
  key: string;
  shard: number;
  sizeBytes: number;
  /** Hex SHA-256 of the whole file. */
  sha256: string;
  /** The RDB's CRC-64 (16 hex digits) as computed over the file; null when not walked. */
  crc64: string | null;
  /** The walk's summary (keys per database and type, version, checksum status); null when not walked. */
  rdb: RdbSummary | null;
  /** Downloads of the whole file it took. */
  attempts: number;
  parts: number;
  resumed: boolean;
  durationMs: number;
}

interface OpenUploadState {
  uploadId: string;
  partSizeBytes: number;
}

/** Completed parts of a resumed upload: read again (hashed, walked where the walk needs them), compared, not uploaded. */
interface VerifyRegion {
  start: number;
  end: number;
  partNumber: number;
  checksum: string;
}

function positiveInteger(name: string, value: number | undefined, fallback: number, max: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < 1 || chosen > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return chosen;
}

/**
 * Aborts the upload a checkpoint names (when it is a readable checkpoint): for a transfer that will not be
 * resumed, e.g. an export cancelled between two attempts. True when there was one to abort.
 */
export async function abandonTransfer(store: ArchiveStore, checkpoint: unknown): Promise<boolean> {
  const read = readTransferCheckpoint(checkpoint);
  if (!('checkpoint' in read)) return false;
  await store.abortUpload(read.checkpoint.key, read.checkpoint.uploadId);
  return true;
}

/** Streams one file into the store, checked on the way; see TransferFileOptions. */
export async function transferFile(options: TransferFileOptions): Promise<TransferResult> {
  return new FileTransfer(options).run();
}

class FileTransfer {
  private readonly store: ArchiveStore;
  private readonly key: string;
  private readonly shard: number;
  private readonly partSizeBytes: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly maxNetworkRetries: number;
  private readonly retryDelayMs: number;
  private readonly maxUrlRefreshes: number;
  private readonly idleTimeoutMs: number;
  private readonly checkOptions: FileChecksOptions;
  /** Aborts store calls on cancellation only: an interrupted transfer lets its parts in flight finish. */
  private readonly cancelSignal: AbortSignal;
  /** Aborts the download on cancellation or interruption. */
  private readonly stopSignal: AbortSignal;
  private readonly started = Date.now();

  private url: string;
  private attempt = 1;
  private expectedSize: number | null = null;
  private upload: OpenUploadState | null = null;
  private uploader: PartUploader | null = null;
  private checks: FileChecks | null = null;
  private position = 0;
  private verifyRegions: VerifyRegion[] = [];
  private verifyHash: Hash | null = null;
  /** On resume: the completed prefix, read again before the download goes on from its end. */
  private catchUpEnd = 0;
  private catchUpFromStore = false;
  private snapshots: ChecksSnapshot[] = [];
  private wantSnapshot = false;
  private lastCheckpoint: TransferCheckpoint | null = null;
  private resumed = false;
  /** The next request is the first after a resume (its Range request says so). */
  private resuming = false;
  private failures = 0;
  private refreshes = 0;
  private agents: SourceAgents | null = null;
  private readonly pool: PartBufferPool;

  constructor(private readonly options: TransferFileOptions) {
    this.store = options.store;
    this.key = options.key;
    this.shard = options.shard;
    this.url = options.source.url;
    this.partSizeBytes = Math.max(
      positiveInteger('partSizeBytes', options.partSizeBytes, DEFAULT_PART_SIZE_BYTES, 5 * 1024 * MiB),
      this.store.minPartSizeBytes,
    );
    this.concurrency = positiveInteger('uploadConcurrency', options.uploadConcurrency, DEFAULT_UPLOAD_CONCURRENCY, 16);
    this.maxAttempts = positiveInteger('maxAttempts', options.maxAttempts, 3, 100);
    this.maxNetworkRetries = positiveInteger('maxNetworkRetries', options.maxNetworkRetries, 5, 1000);
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxUrlRefreshes = positiveInteger('maxUrlRefreshes', options.maxUrlRefreshes, 3, 100);
    this.idleTimeoutMs = positiveInteger('idleTimeoutMs', options.idleTimeoutMs, 60_000, 3_600_000);
    this.checkOptions = options.checks ?? {};
    this.pool = options.bufferPool ?? sharedPartBufferPool();
    const never = new AbortController().signal;
    this.cancelSignal = options.signal ?? never;
    this.stopSignal = AbortSignal.any([this.cancelSignal, options.interruptSignal ?? never]);
  }

  private emit(event: DistributiveOmit<TransferEvent, 'shard' | 'key'>): void {
    this.options.onEvent?.({ shard: this.shard, key: this.key, ...event } as TransferEvent);
  }

  private get cancelled(): boolean {
    return this.cancelSignal.aborted;
  }

  private get interrupted(): boolean {
    return this.options.interruptSignal?.aborted ?? false;
  }

  async run(): Promise<TransferResult> {
    this.agents = sourceAgents();
    try {
      let resumed = false;
      try {
        this.stopSignal.throwIfAborted();
        if (this.options.checkpoint !== undefined && this.options.checkpoint !== null) resumed = await this.resume();
      } catch (error) {
        if (this.cancelled) {
          await abandonTransfer(this.store, this.options.checkpoint);
          throw new ArchiveCancelledError(`the transfer of shard ${this.shard} (${this.key}) was cancelled`);
        }
        if (this.interrupted) {
          const given = readTransferCheckpoint(this.options.checkpoint);
          throw new ArchiveInterruptedError(
            `the transfer of shard ${this.shard} (${this.key}) was interrupted before it began`,
            'checkpoint' in given ? given.checkpoint : null,
          );
        }
        throw error;
      }
      for (;;) {
        try {
          if (!resumed) await this.startFresh();
          resumed = false;
          return await this.download();
        } catch (error) {
          await this.uploader?.close();
          if (this.cancelled) {
            await this.discard('cancelled');
            throw new ArchiveCancelledError(`the transfer of shard ${this.shard} (${this.key}) was cancelled`);
          }
          if (this.interrupted) {
            // Before its first part the upload holds nothing a later attempt could take up.
            if (!this.lastCheckpoint) await this.discard('interrupted');
            throw new ArchiveInterruptedError(
              `the transfer of shard ${this.shard} (${this.key}) was interrupted at ${this.lastCheckpoint?.bytesDone ?? 0} bytes`,
              this.lastCheckpoint,
            );
          }
          if (error instanceof CheckFailure) {
            const willRetry = this.attempt < this.maxAttempts;
            this.emit({
              type: 'check-failed',
              check: error.check,
              offset: error.offset,
              detail: error.detail,
              attempt: this.attempt,
              willRetry,
            });
            await this.discard('check-failed');
            if (!willRetry) {
              throw new ArchiveCheckError(error.check, this.shard, this.key, error.offset, this.attempt, error.detail);
            }
            this.attempt += 1;
            continue;
          }
          // Not retryable, or nothing a later attempt could resume: the upload goes.
          if ((error instanceof ArchiveSourceError && !error.retryable) || !this.lastCheckpoint) {
            await this.discard('failed');
            throw error;
          }
          throw this.withCheckpoint(error);
        }
      }
    } finally {
      await this.uploader?.close();
      this.agents.destroy();
    }
  }

  /** A failure that leaves the upload open for a later attempt: it carries the last checkpoint. */
  private withCheckpoint(error: unknown): unknown {
    if (error instanceof ArchiveSourceError) {
      return new ArchiveSourceError(error.message, error.status, error.retryable, this.lastCheckpoint, {
        cause: error,
      });
    }
    if (error instanceof ArchiveStoreError) {
      return new ArchiveStoreError(error.operation, error.key, error.message, this.lastCheckpoint, { cause: error });
    }
    return error;
  }

  private async startFresh(): Promise<void> {
    this.checks = FileChecks.start(this.checkOptions);
    this.position = 0;
    this.catchUpEnd = 0;
    this.catchUpFromStore = false;
    this.expectedSize = this.options.source.sizeBytes ?? null;
    this.upload = null;
    this.uploader = null;
    this.verifyRegions = [];
    this.verifyHash = null;
    this.snapshots = [this.checks.snapshot()];
    this.wantSnapshot = false;
    this.lastCheckpoint = null;
    this.failures = 0;
    this.refreshes = 0;
  }

  /** Takes up the checkpoint's upload when the store still holds it as the checkpoint says; else false. */
  private async resume(): Promise<boolean> {
    const read = readTransferCheckpoint(this.options.checkpoint);
    if ('problem' in read) {
      this.emit({ type: 'resume-discarded', reason: `the checkpoint is unusable: ${read.problem}` });
      return false;
    }
    const checkpoint = read.checkpoint;
    if (checkpoint.key !== this.key || checkpoint.shard !== this.shard) {
      this.emit({
        type: 'resume-discarded',
        reason: `the checkpoint is of ${checkpoint.key} (shard ${checkpoint.shard})`,
      });
      return false;
    }
    const stale = async (reason: string): Promise<false> => {
      this.emit({ type: 'resume-discarded', reason });
      await this.store.abortUpload(this.key, checkpoint.uploadId);
      this.emit({ type: 'upload-aborted', uploadId: checkpoint.uploadId, reason: 'stale' });
      return false;
    };
    const reported = this.options.source.sizeBytes ?? null;
    if (reported !== null && checkpoint.sizeBytes !== reported) {
      return stale(`the checkpoint expects ${checkpoint.sizeBytes} bytes, the source reports ${reported}`);
    }
    if (checkpoint.partChecksum !== this.store.partChecksum) return stale('the store checks parts another way now');
    const listed = await this.store.listParts(this.key, checkpoint.uploadId, { signal: this.cancelSignal });
    if (!listed) {
      this.emit({ type: 'resume-discarded', reason: `the store no longer has upload ${checkpoint.uploadId}` });
      return false;
    }
    for (const part of checkpoint.parts) {
      const held = listed.find((candidate) => candidate.partNumber === part.partNumber);
      if (!held || held.etag !== part.etag || held.sizeBytes !== part.sizeBytes) {
        return stale(`the store's part ${part.partNumber} is not the checkpoint's`);
      }
    }
    let checks: FileChecks;
    try {
      checks = FileChecks.start(this.checkOptions, checkpoint.checks);
    } catch (error) {
      return stale(`the checks cannot resume: ${errorText(error)}`);
    }
    this.checks = checks;
    this.expectedSize = checkpoint.sizeBytes;
    this.attempt = checkpoint.attempt;
    this.upload = { uploadId: checkpoint.uploadId, partSizeBytes: checkpoint.partSizeBytes };
    this.verifyRegions = [];
    let start = 0;
    for (const part of checkpoint.parts) {
      const end = start + part.sizeBytes;
      this.verifyRegions.push({ start, end, partNumber: part.partNumber, checksum: part.checksum ?? '' });
      start = end;
    }
    this.position = 0;
    this.catchUpEnd = checkpoint.bytesDone;
    this.catchUpFromStore = this.store.readUpload !== undefined && checkpoint.bytesDone > 0;
    this.verifyHash = null;
    this.uploader = this.newUploader(this.upload, checkpoint.parts);
    this.snapshots = [checkpoint.checks];
    this.lastCheckpoint = checkpoint;
    this.resumed = true;
    this.resuming = true;
    this.emit({
      type: 'resumed',
      uploadId: checkpoint.uploadId,
      bytesDone: checkpoint.bytesDone,
      parts: checkpoint.parts.length,
      checksOffset: checks.walkOffset,
      rehashFrom: this.catchUpFromStore ? 'store' : 'source',
    });
    return true;
  }

  private newUploader(upload: OpenUploadState, completed: readonly UploadedPart[]): PartUploader {
    return new PartUploader({
      store: this.store,
      key: this.key,
      uploadId: upload.uploadId,
      partSizeBytes: upload.partSizeBytes,
      concurrency: this.concurrency,
      pool: this.pool,
      completed,
      signal: this.cancelSignal,
      waitSignal: this.stopSignal,
      onPartUploaded: (part, offset, bytesDone) =>
        this.emit({
          type: 'part-uploaded',
          partNumber: part.partNumber,
          offset,
          sizeBytes: part.sizeBytes,
          etag: part.etag,
          bytesDone,
        }),
      onCompleted: (parts, bytesDone) => this.checkpointAt(upload, parts, bytesDone),
    });
  }

  /** Publishes a checkpoint for the completed run, with the newest checks snapshot at or before its end. */
  private checkpointAt(upload: OpenUploadState, parts: readonly UploadedPart[], bytesDone: number): void {
    let chosen = -1;
    for (const [index, snapshot] of this.snapshots.entries()) if (snapshot.offset <= bytesDone) chosen = index;
    const checks = this.snapshots[chosen];
    if (!checks) return;
    this.snapshots.splice(0, chosen);
    const checkpoint: TransferCheckpoint = {
      format: TRANSFER_CHECKPOINT_FORMAT,
      key: this.key,
      shard: this.shard,
      uploadId: upload.uploadId,
      sizeBytes: this.expectedSize,
      partSizeBytes: upload.partSizeBytes,
      partChecksum: this.store.partChecksum,
      parts: parts.map((part) => ({ ...part })),
      bytesDone,
      checks,
      attempt: this.attempt,
    };
    this.lastCheckpoint = checkpoint;
    this.options.onCheckpoint?.(checkpoint);
  }

  /** Aborts the open upload (if any): nothing of it is left in the store. */
  private async discard(reason: 'check-failed' | 'cancelled' | 'failed' | 'interrupted'): Promise<void> {
    const upload = this.upload;
    this.upload = null;
    this.uploader = null;
    this.lastCheckpoint = null;
    if (!upload) return;
    await this.store.abortUpload(this.key, upload.uploadId);
    this.emit({ type: 'upload-aborted', uploadId: upload.uploadId, reason });
  }

  private partSizeFor(size: number | null): number {
    const parts = Math.min(MAX_CHECKPOINT_PARTS, this.store.maxParts);
    if (size === null) return this.partSizeBytes;
    return Math.max(this.partSizeBytes, Math.ceil(size / parts / MiB) * MiB);
  }

  private async download(): Promise<TransferResult> {
    for (;;) {
      if (this.expectedSize !== null && this.position >= this.expectedSize) break;
      if (this.catchUpFromStore && this.position < this.catchUpEnd) {
        await this.catchUpFromTheStore();
        continue;
      }
      const response = await this.open();
      if (!this.upload) {
        const partSizeBytes = this.partSizeFor(this.expectedSize);
        const uploadId = await this.store.createUpload(this.key, { signal: this.cancelSignal });
        this.upload = { uploadId, partSizeBytes };
        this.uploader = this.newUploader(this.upload, []);
      }
      const before = this.position;
      const catchingUp = before < this.catchUpEnd;
      try {
        await this.take(response.body, this.position - response.start);
      } catch (error) {
        response.body.destroy();
        if (error instanceof CheckFailure || this.stopSignal.aborted || !isNetworkFailure(error)) throw error;
        if (this.position > before) this.progressed();
        await this.retryLater(`the download broke off at byte ${this.position}: ${errorText(error)}`, null);
        continue;
      }
      if (!response.body.complete) response.body.destroy();
      if (this.position > before) this.progressed();
      if (catchingUp && this.position === this.catchUpEnd) continue;
      if (this.expectedSize === null) break;
      if (this.position < this.expectedSize) {
        await this.retryLater(`the body ended at byte ${this.position} of ${this.expectedSize}`, null);
      }
    }
    return this.finish();
  }

  /** Feeds a body's bytes on, after dropping the first `skip` (a 200 answer to a Range request). */
  private async take(body: Readable, skip: number): Promise<void> {
    let toSkip = skip;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let bytes = chunk;
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, bytes.length);
        toSkip -= dropped;
        bytes = bytes.subarray(dropped);
      }
      // A catch-up answer that runs past the prefix (a server that ignores the range's end) is cut there.
      if (this.position < this.catchUpEnd && this.position + bytes.length > this.catchUpEnd) {
        bytes = bytes.subarray(0, this.catchUpEnd - this.position);
        if (bytes.length > 0) await this.consume(bytes);
        return;
      }
      if (bytes.length > 0) await this.consume(bytes);
    }
  }

  /** The resumed prefix read back from the store's own copy (a directory's partial file): no download. */
  private async catchUpFromTheStore(): Promise<void> {
    const upload = this.upload;
    if (!upload || !this.store.readUpload) throw new Error('no upload to read back');
    this.emit({ type: 'rehash-read', from: 'store', offset: this.position, end: this.catchUpEnd - 1 });
    let body: Readable | null = null;
    try {
      body = await this.store.readUpload(
        this.key,
        upload.uploadId,
        { start: this.position, end: this.catchUpEnd - 1 },
        { signal: this.stopSignal },
      );
      await this.take(body, 0);
    } catch (error) {
      body?.destroy();
      if (error instanceof CheckFailure || this.stopSignal.aborted) throw error;
      // The store could not give its copy back: the source gives the prefix instead.
      this.catchUpFromStore = false;
      this.emit({
        type: 'retry',
        reason: `reading the upload back failed: ${errorText(error)}`,
        status: null,
        offset: this.position,
        failures: 0,
        delayMs: 0,
      });
    }
  }

  private progressed(): void {
    this.failures = 0;
    this.refreshes = 0;
  }

  private async finish(): Promise<TransferResult> {
    const checks = this.requireChecks();
    const outcome = checks.end();
    if (outcome.sizeBytes === 0) throw new CheckFailure('size', 0, 'the file is empty');
    if (this.expectedSize !== null && outcome.sizeBytes !== this.expectedSize) {
      throw new CheckFailure(
        'size',
        outcome.sizeBytes,
        `the file has ${outcome.sizeBytes} bytes, not ${this.expectedSize}`,
      );
    }
    const upload = this.upload;
    const uploader = this.uploader;
    if (!upload || !uploader) throw new Error('no upload at the end of the file');
    const parts = await uploader.finish();
    // A cancellation or an interruption that came while the last parts went up still wins over completing.
    this.stopSignal.throwIfAborted();
    await this.store.completeUpload(this.key, upload.uploadId, parts, { signal: this.cancelSignal });
    // From here on the object exists: it is the file, checked; a cancellation now comes too late to undo it.
    this.upload = null;
    const stored = await this.store.head(this.key);
    if (!stored || stored.sizeBytes !== outcome.sizeBytes) {
      throw new ArchiveStoreError(
        'completeUpload',
        this.key,
        `the object holds ${stored?.sizeBytes ?? 'no'} bytes after the upload of ${outcome.sizeBytes}`,
      );
    }
    const durationMs = Date.now() - this.started;
    this.emit({
      type: 'completed',
      sizeBytes: outcome.sizeBytes,
      sha256: outcome.sha256,
      attempts: this.attempt,
      parts: parts.length,
      durationMs,
    });
    return {
      key: this.key,
      shard: this.shard,
      sizeBytes: outcome.sizeBytes,
      sha256: outcome.sha256,
      crc64: outcome.rdb?.checksum.computed ?? null,
      rdb: outcome.rdb,
      attempts: this.attempt,
      parts: parts.length,
      resumed: this.resumed,
      durationMs,
    };
  }

  private requireChecks(): FileChecks {
    if (!this.checks) throw new Error('the checks have not started');
    return this.checks;
  }

  /** One request from `position`, through refused URLs, retried statuses and network failures. */
  private async open(): Promise<SourceResponse> {
    const agents = this.agents;
    if (!agents) throw new Error('the transfer is not running');
    for (;;) {
      this.stopSignal.throwIfAborted();
      const from = this.position;
      const to = from < this.catchUpEnd ? this.catchUpEnd - 1 : undefined;
      if (from > 0 || to !== undefined) {
        const resuming = this.resuming && to === undefined;
        this.emit({
          type: 'range-request',
          attempt: this.attempt,
          offset: from,
          range: rangeHeader(from, to),
          reason: to !== undefined ? 'rehash' : resuming ? 'resume' : 'reconnect',
          url: redactedUrl(this.url),
        });
        if (resuming) this.resuming = false;
      } else {
        this.emit({ type: 'download-started', attempt: this.attempt, url: redactedUrl(this.url) });
      }
      let response: SourceResponse;
      try {
        response = await requestSource(this.url, {
          from,
          ...(to === undefined ? {} : { to }),
          agents,
          signal: this.stopSignal,
          idleTimeoutMs: this.idleTimeoutMs,
          ...(this.options.source.headers ? { headers: this.options.source.headers } : {}),
        });
      } catch (error) {
        if (this.stopSignal.aborted) throw error;
        if (error instanceof SourceHttpError) {
          if (isRefusedStatus(error.status)) {
            await this.refreshUrl(error);
            continue;
          }
          if (error.status === 416) {
            const total = error.totalSize === null ? '' : `; the file has ${error.totalSize} bytes`;
            throw new CheckFailure('size', from, `the source has no byte ${from} (HTTP 416${total})`);
          }
          if (!isTransientStatus(error.status)) {
            throw new ArchiveSourceError(
              `shard ${this.shard}: the source answered ${error.message} for ${redactedUrl(this.url)}`,
              error.status,
              false,
            );
          }
          await this.retryLater(error.message, error.status);
          continue;
        }
        if (!isNetworkFailure(error)) throw error;
        await this.retryLater(errorText(error), null);
        continue;
      }
      try {
        this.checkAnswer(response, to);
      } catch (error) {
        response.body.destroy();
        if (error instanceof CheckFailure) throw error;
        await this.retryLater(errorText(error), response.status);
        continue;
      }
      return response;
    }
  }

  /** The answer must be of the file we expect: its size, and a 206 of the range we asked for. */
  private checkAnswer(response: SourceResponse, to: number | undefined): void {
    const total = response.totalSize;
    if (this.expectedSize === null) {
      this.expectedSize = total;
    } else if (total !== null && total !== this.expectedSize) {
      const whose = this.options.source.sizeBytes === undefined || this.options.source.sizeBytes === null;
      throw new CheckFailure(
        'size',
        null,
        `the source announces ${total} bytes, ${whose ? 'its first answer announced' : 'Tencent reported'} ${this.expectedSize}`,
      );
    }
    if (response.status !== 206) return;
    if (response.start !== this.position) {
      throw new Error(`asked for bytes from ${this.position}, the answer starts at ${response.start}`);
    }
    const last = to ?? (total === null ? null : total - 1);
    if (last !== null && response.end !== null && response.end !== last) {
      throw new CheckFailure(
        'size',
        null,
        `asked for bytes ${this.position}-${last}, the answer holds ${response.start}-${response.end}`,
      );
    }
    if (
      response.contentLength !== null &&
      response.end !== null &&
      response.contentLength !== response.end - response.start + 1
    ) {
      throw new CheckFailure(
        'size',
        null,
        `the answer for bytes ${response.start}-${response.end} announces ${response.contentLength} bytes`,
      );
    }
  }

  private async refreshUrl(error: SourceHttpError): Promise<void> {
    const why = `the source refused the URL (${error.message})`;
    const freshUrl = this.options.source.freshUrl;
    if (!freshUrl)
      throw new ArchiveSourceError(`shard ${this.shard}: ${why} and no fresh URL can be had`, error.status, false);
    if (this.refreshes >= this.maxUrlRefreshes) {
      throw new ArchiveSourceError(
        `shard ${this.shard}: ${why} again after ${this.refreshes} fresh URLs in a row`,
        error.status,
        false,
      );
    }
    this.refreshes += 1;
    this.url = await freshUrl();
    this.emit({
      type: 'url-refreshed',
      status: error.status,
      offset: this.position,
      refreshes: this.refreshes,
      url: redactedUrl(this.url),
    });
  }

  /** Counts a failed request; pauses before the next one, or gives up after too many in a row. */
  private async retryLater(reason: string, status: number | null): Promise<void> {
    this.failures += 1;
    if (this.failures > this.maxNetworkRetries) {
      throw new ArchiveSourceError(
        `shard ${this.shard}: the download failed ${this.failures} times in a row: ${reason}`,
        status,
        true,
      );
    }
    const delayMs = Math.min(this.retryDelayMs * 2 ** (this.failures - 1), MAX_RETRY_DELAY_MS);
    this.emit({ type: 'retry', reason, status, offset: this.position, failures: this.failures, delayMs });
    await sleep(delayMs, undefined, { signal: this.stopSignal });
  }

  /** Takes the next bytes of the file: the completed parts of a resumed upload, then checks and new parts. */
  private async consume(chunk: Buffer): Promise<void> {
    const checks = this.requireChecks();
    const uploader = this.uploader;
    if (!uploader) throw new Error('no upload to take the bytes');
    let at = 0;
    while (at < chunk.length) {
      const region = this.verifyRegions[0];
      if (region) {
        const bytes = chunk.subarray(at, at + Math.min(chunk.length - at, region.end - this.position));
        this.verifyHash ??= createHash(this.store.partChecksum);
        this.verifyHash.update(bytes);
        checks.write(bytes);
        this.position += bytes.length;
        at += bytes.length;
        if (this.position === region.end) {
          const digest = this.verifyHash.digest('base64');
          this.verifyHash = null;
          this.verifyRegions.shift();
          if (digest !== region.checksum) {
            throw new CheckFailure(
              'part-mismatch',
              region.start,
              `part ${region.partNumber} (bytes ${region.start}-${region.end - 1}) read again differs from the one uploaded`,
            );
          }
        }
        continue;
      }
      if (this.expectedSize !== null && this.position + (chunk.length - at) > this.expectedSize) {
        throw new CheckFailure(
          'size',
          this.expectedSize,
          `the source sends more than the ${this.expectedSize} bytes expected`,
        );
      }
      if (uploader.room === 0) await uploader.reserve();
      const bytes = chunk.subarray(at, at + Math.min(chunk.length - at, uploader.room));
      checks.write(bytes);
      uploader.append(bytes);
      this.position += bytes.length;
      at += bytes.length;
      if (uploader.room === 0) {
        this.snapshotAtBoundary(checks);
        await uploader.cut();
      }
    }
    if (this.wantSnapshot && checks.pendingBytes <= SNAPSHOT_PENDING_LIMIT) {
      this.snapshots.push(checks.snapshot());
      this.wantSnapshot = false;
    }
  }

  private snapshotAtBoundary(checks: FileChecks): void {
    if (checks.pendingBytes <= SNAPSHOT_PENDING_LIMIT) {
      this.snapshots.push(checks.snapshot());
      this.wantSnapshot = false;
    } else {
      // Inside a large blob: snapshot at the first chunk end where it is through (a later checkpoint uses it).
      this.wantSnapshot = true;
    }
  }
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_.*|ERR_STREAM_PREMATURE_CLOSE)$/.test(code)) return true;
  return /aborted|socket hang up|no data from the source|terminated|premature close/i.test(error.message);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
