// The upload half of a transfer: fills part buffers taken from a pool (so memory is bounded whatever the
// file's size and however many transfers run), uploads up to `concurrency` parts at once while the next one
// fills, and reports each growth of the contiguous run of completed parts (what a checkpoint may claim).
import type { ArchiveStore, UploadedPart } from './archive-store';
import { partChecksumOf } from './part-checksum';
import type { PartBufferPool } from './part-buffer-pool';

export interface PartUploaderInit {
  store: ArchiveStore;
  key: string;
  uploadId: string;
  partSizeBytes: number;
  concurrency: number;
  pool: PartBufferPool;
  /** Parts already completed (a resumed upload), contiguous from 1. */
  completed: readonly UploadedPart[];
  /** Aborts parts in flight (cancellation). */
  signal: AbortSignal;
  /** Aborts a wait for a buffer (cancellation or interruption). */
  waitSignal: AbortSignal;
  /** Called for each part the store took, with where it starts in the file and the completed run's bytes. */
  onPartUploaded(part: UploadedPart, offset: number, bytesDone: number): void;
  /** Called with the completed run and the bytes it holds each time it grows. */
  onCompleted(parts: readonly UploadedPart[], bytesDone: number): void;
}

export class PartUploader {
  private current: Buffer | null = null;
  private filled = 0;
  private nextPartNumber: number;
  private nextOffset: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly done = new Map<number, UploadedPart>();
  private readonly run: UploadedPart[];
  private runBytes: number;
  private failure: { error: unknown } | null = null;

  constructor(private readonly init: PartUploaderInit) {
    this.run = [...init.completed];
    this.runBytes = init.completed.reduce((sum, part) => sum + part.sizeBytes, 0);
    this.nextPartNumber = init.completed.length + 1;
    this.nextOffset = this.runBytes;
  }

  /** Bytes the current part still takes (0 until `reserve` has a buffer for it). */
  get room(): number {
    return this.current ? this.init.partSizeBytes - this.filled : 0;
  }

  /** Takes a buffer for the next part from the pool (waiting while the pool is spent). */
  async reserve(): Promise<void> {
    this.current ??= await this.init.pool.acquire(this.init.partSizeBytes, this.init.waitSignal);
  }

  /** Copies bytes into the current part; at most `room` of them. */
  append(bytes: Uint8Array): void {
    if (!this.current || bytes.length > this.room)
      throw new RangeError(`${bytes.length} bytes do not fit in ${this.room}`);
    this.current.set(bytes, this.filled);
    this.filled += bytes.length;
  }

  /** Sends the full current part, waits while `concurrency` parts are in flight, and reserves the next. */
  async cut(): Promise<void> {
    this.dispatchCurrent();
    await this.whileBusy(this.init.concurrency);
    await this.reserve();
  }

  /** Sends what is left and waits for every part; the completed parts, in order. */
  async finish(): Promise<readonly UploadedPart[]> {
    this.dispatchCurrent();
    await this.whileBusy(1);
    this.throwIfFailed();
    return this.run;
  }

  /** Waits for the parts in flight, whatever their outcome, and gives the buffers back. */
  async close(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.current) this.init.pool.release(this.current);
    this.current = null;
    this.filled = 0;
  }

  private dispatchCurrent(): void {
    this.throwIfFailed();
    const buffer = this.current;
    const size = this.filled;
    this.current = null;
    this.filled = 0;
    if (!buffer) return;
    if (size === 0) {
      this.init.pool.release(buffer);
      return;
    }
    this.dispatch(buffer, size);
  }

  private async whileBusy(limit: number): Promise<void> {
    while (this.inFlight.size >= limit) {
      await Promise.race(this.inFlight);
      this.throwIfFailed();
    }
  }

  private dispatch(buffer: Buffer, size: number): void {
    const partNumber = this.nextPartNumber++;
    const offset = this.nextOffset;
    this.nextOffset += size;
    const body = buffer.subarray(0, size);
    const upload = (async () => {
      try {
        const part = await this.init.store.uploadPart(
          {
            key: this.init.key,
            uploadId: this.init.uploadId,
            partNumber,
            offset,
            body,
            checksum: partChecksumOf(this.init.store.partChecksum, body),
          },
          { signal: this.init.signal },
        );
        this.done.set(partNumber, part);
        const grew = this.advanceRun();
        this.init.onPartUploaded(part, offset, this.runBytes);
        if (grew) this.init.onCompleted(this.run, this.runBytes);
      } catch (error) {
        this.failure ??= { error };
      } finally {
        this.init.pool.release(buffer);
      }
    })();
    this.inFlight.add(upload);
    void upload.finally(() => this.inFlight.delete(upload));
  }

  private advanceRun(): boolean {
    let grew = false;
    for (let next = this.done.get(this.run.length + 1); next; next = this.done.get(this.run.length + 1)) {
      this.done.delete(next.partNumber);
      this.run.push(next);
      this.runBytes += next.sizeBytes;
      grew = true;
    }
    return grew;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
