// Tencent's per-account call limits, kept by every worker for its share: per action, at most the account's
// limit times this worker's share (1 / the number of workers polling the queue) in any sliding second, which
// is how Tencent counts (a token bucket would let a full bucket plus a second's refill, twice the limit, into
// one sliding second). A small margin on the window absorbs the jitter between a grant and the call's arrival.
// All workers together stay within the limit without a server-side task-queue rate limit (which would turn
// eager activity dispatch off).

export interface CrsRateLimiterOptions {
  /** Calls per second per action for the whole account; `*` for every action not named. */
  limits: Readonly<Record<string, number>>;
  /** This worker's part of the account's budget, 0 < share <= 1 (default 1: the only worker). */
  share?: () => number;
  /** Milliseconds clock; tests pass their own. */
  now?: () => number;
  /** Added to each one-second window, for the time from a grant to the call reaching Tencent; default 150 ms. */
  windowMarginMs?: number;
}

interface Window {
  /** When the calls of the current window were granted, oldest first. */
  grants: number[];
  /** Callers waiting for a slot, first come first served. */
  waiting: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

const DEFAULT_WINDOW_MARGIN_MS = 150;

export class CrsRateLimiter {
  readonly #limits: Readonly<Record<string, number>>;
  readonly #share: () => number;
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #windows = new Map<string, Window>();

  constructor(options: CrsRateLimiterOptions) {
    this.#limits = options.limits;
    this.#share = options.share ?? (() => 1);
    this.#now = options.now ?? Date.now;
    this.#marginMs = options.windowMarginMs ?? DEFAULT_WINDOW_MARGIN_MS;
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
    const window = this.#windowOf(action);
    if (window.waiting.length === 0 && this.#tryGrant(window, rate)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = window.waiting.indexOf(grant);
        if (index >= 0) window.waiting.splice(index, 1);
        reject(
          signal?.reason instanceof Error ? signal.reason : new Error('aborted while waiting for a CRS call slot'),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      window.waiting.push(grant);
      this.#schedule(action, window);
    });
  }

  /** Stops the timers of waiting callers (they are never resolved); for shutdown. */
  close(): void {
    for (const window of this.#windows.values()) {
      if (window.timer) clearTimeout(window.timer);
      window.timer = null;
    }
  }

  #windowOf(action: string): Window {
    let window = this.#windows.get(action);
    if (!window) {
      window = { grants: [], waiting: [], timer: null };
      this.#windows.set(action, window);
    }
    return window;
  }

  /** Calls a window may hold at `rate`, and how long it is: N calls per N / rate seconds (1 s for whole rates). */
  #shape(rate: number): { calls: number; windowMs: number } {
    const calls = Math.max(1, Math.floor(rate));
    return { calls, windowMs: (calls / rate) * 1000 + this.#marginMs };
  }

  #tryGrant(window: Window, rate: number): boolean {
    const now = this.#now();
    const { calls, windowMs } = this.#shape(rate);
    while (window.grants.length > 0 && (window.grants[0] ?? 0) <= now - windowMs) window.grants.shift();
    if (window.grants.length >= calls) return false;
    window.grants.push(now);
    return true;
  }

  #schedule(action: string, window: Window): void {
    if (window.timer) return;
    const { windowMs } = this.#shape(this.rateOf(action));
    const oldest = window.grants[0];
    const wait = oldest === undefined ? 0 : Math.max(0, Math.ceil(oldest + windowMs - this.#now()));
    window.timer = setTimeout(() => {
      window.timer = null;
      const rate = this.rateOf(action);
      while (window.waiting.length > 0 && this.#tryGrant(window, rate)) window.waiting.shift()?.();
      if (window.waiting.length > 0) this.#schedule(action, window);
    }, wait);
  }
}
