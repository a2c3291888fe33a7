// Requests per minute per caller: by key id for a valid key, else by client address (Express's request.ip,
// which believes X-Forwarded-For only from the proxies API_TRUST_PROXY names). One window per caller for the
// whole API, not per route.
import type { ApiRequest } from '../core/api-request';

const WINDOW_MS = 60_000;
/** Past this many callers, windows that have ended are dropped (bounds memory under many addresses). */
const SWEEP_ABOVE = 10_000;

export type RateLimitDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class RequestRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the request against its caller's window. */
  take(request: ApiRequest): RateLimitDecision {
    const now = this.now();
    const caller = trackerOf(request);
    let window = this.windows.get(caller);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      if (!window && this.windows.size >= SWEEP_ABOVE) this.sweep(now);
      window = { startedAt: now, count: 0 };
      this.windows.set(caller, window);
    }
    window.count++;
    if (window.count <= this.limitPerMinute) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000)) };
  }

  private sweep(now: number): void {
    for (const [caller, window] of this.windows) if (now - window.startedAt >= WINDOW_MS) this.windows.delete(caller);
  }
}

/** A refused or made-up key counts against the address, so rotating invented keys does not escape the limit. */
export function trackerOf(request: ApiRequest): string {
  return request.caller
    ? `key:${request.caller.keyId}`
    : `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}
