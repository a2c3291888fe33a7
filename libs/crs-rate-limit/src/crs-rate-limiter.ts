// Tencent's per-account call limits, kept by every worker for its share: a token bucket per action whose
// rate is the account's limit times this worker's share (1 / the number of workers polling the queue), so
// that all workers together stay within the limit without a server-side task-queue rate limit (which would
// turn eager activity dispatch off).

export interface CrsRateLimiterOptions {
  /** Calls per second per action for the whole account; `*` for every action not named. */
  limits: Readonly<Record<string, number>>;
  /** This worker's part of the account's budget, 0 < share <= 1 (default 1: the only worker). */
  share?: () => number;
  /** Milliseconds clock; tests pass their own. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** Callers waiting for a token, first come first served. */
  waiting: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

export class CrsRateLimiter {
  readonly #limits: Readonly<Record<string, number>>;
  readonly #share: () => number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: CrsRateLimiterOptions) {
    this.#limits = options.limits;
    this.#share = options.share ?? (() => 1);
    this.#now = options.now ?? Date.now;
  }

  /** Calls per second this worker may make of the action right now. */
  rateOf(action: string): number {
    const limit = this.#limits[action] ?? this.#limits['*'];
    if (limit === undefined) return Number.POSITIVE_INFINITY;
    const share = Math.min(1, Math.max(0.001, this.#share()));
    return limit * share;
  }

  /** Resolves when a call of the action may be made; rejects with the signal's reason if it fires first. */
  acquire(action: string, signal?: AbortSignal): Promise<void> {
    const rate = this.rateOf(action);
    if (!Number.isFinite(rate)) return Promise.resolve();
    signal?.throwIfAborted();
    const bucket = this.#refilled(action, rate);
    if (bucket.waiting.length === 0 && bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = bucket.waiting.indexOf(grant);
        if (index >= 0) bucket.waiting.splice(index, 1);
        reject(
          signal?.reason instanceof Error ? signal.reason : new Error('aborted while waiting for a CRS call slot'),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      bucket.waiting.push(grant);
      this.#schedule(action, bucket);
    });
  }

  /** Stops the timers of waiting callers (they are never resolved); for shutdown. */
  close(): void {
    for (const bucket of this.#buckets.values()) {
      if (bucket.timer) clearTimeout(bucket.timer);
      bucket.timer = null;
    }
  }

  #refilled(action: string, rate: number): Bucket {
    const now = this.#now();
    let bucket = this.#buckets.get(action);
    if (!bucket) {
      // A full bucket of one second's worth at most: a burst never exceeds the per-second limit.
      bucket = { tokens: Math.max(1, rate), updatedAt: now, waiting: [], timer: null };
      this.#buckets.set(action, bucket);
      return bucket;
    }
    const capacity = Math.max(1, rate);
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = now;
    return bucket;
  }

  #schedule(action: string, bucket: Bucket): void {
    if (bucket.timer) return;
    const rate = this.rateOf(action);
    const wait = bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / rate) * 1000);
    bucket.timer = setTimeout(() => {
      bucket.timer = null;
      this.#refilled(action, this.rateOf(action));
      while (bucket.waiting.length > 0 && bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.waiting.shift()?.();
      }
      if (bucket.waiting.length > 0) this.#schedule(action, bucket);
    }, wait);
  }
}
