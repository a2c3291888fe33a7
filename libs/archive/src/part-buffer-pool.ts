// The part buffers of every transfer in a process, under one budget: a transfer waits for a buffer rather
// than allocate past it, so the memory of N concurrent transfers is bounded by the pool, not by N.
const MiB = 1024 * 1024;

/**
 * The default pool's budget: three 8 MiB parts, what one transfer uses at most (two going up, one filling);
 * concurrent transfers share them, which keeps SeaweedFS as busy as it gets on the machines here. Measured:
 * a process's RSS grows by the budget plus 25-50 MiB (download chunks waiting for the garbage collector, the
 * SDK): 4 concurrent transfers +66-94 MiB with 24-32 MiB. Raise it (`new PartBufferPool(bytes)`) for remote
 * stores whose latency wants more parts in flight.
 */
export const DEFAULT_PART_BUFFER_BUDGET_BYTES = 24 * MiB;

interface Waiter {
  size: number;
  resolve: (buffer: Buffer) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class PartBufferPool {
  private allocated = 0;
  private readonly free = new Map<number, Buffer[]>();
  private readonly waiters: Waiter[] = [];

  constructor(readonly budgetBytes: number = DEFAULT_PART_BUFFER_BUDGET_BYTES) {
    if (!Number.isSafeInteger(budgetBytes) || budgetBytes < 1) throw new RangeError(`budget ${budgetBytes}`);
  }

  /** Bytes of buffers the pool holds (in use or free). */
  get allocatedBytes(): number {
    return this.allocated;
  }

  /** A buffer of `size` bytes, at once when the budget allows, else when another is released. */
  acquire(size: number, signal?: AbortSignal): Promise<Buffer> {
    signal?.throwIfAborted();
    const now = this.take(size);
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        size,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(buffer: Buffer): void {
    const list = this.free.get(buffer.length) ?? [];
    list.push(buffer);
    this.free.set(buffer.length, list);
    while (this.waiters.length > 0) {
      const first = this.waiters[0];
      const granted = first ? this.take(first.size) : null;
      if (!first || !granted) return;
      this.waiters.shift();
      first.signal?.removeEventListener('abort', first.onAbort);
      first.resolve(granted);
    }
  }

  private take(size: number): Buffer | null {
    const reused = this.free.get(size)?.pop();
    if (reused) return reused;
    // Free buffers of other sizes give their room back before a new one is made.
    for (const [other, list] of this.free) {
      while (list.length > 0 && this.allocated + size > this.budgetBytes) {
        list.pop();
        this.allocated -= other;
      }
    }
    // A part larger than the whole budget still gets made when nothing else is held, so nothing waits forever.
    if (this.allocated + size > this.budgetBytes && this.allocated > 0) return null;
    this.allocated += size;
    return Buffer.allocUnsafeSlow(size);
  }
}

let shared: PartBufferPool | null = null;

/** The process's pool, made on first use with the default budget. */
export function sharedPartBufferPool(): PartBufferPool {
  shared ??= new PartBufferPool();
  return shared;
}
