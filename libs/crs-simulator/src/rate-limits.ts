// Tencent's per-account, per-action rate limits for 3.0 (crs-v3-api.md §3.4: DescribeInstances 35/s,
// DescribeInstanceBackups 50/s, the others 20/s), over a sliding second of the wall (auth) clock: rates are
// about real clients, while the simulated clock may be frozen or sped up. Only accepted calls count.
import type { Clock } from './clock';
import type { ScenarioV3Settings } from './scenario-schema';

export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = {
  DescribeInstances: 35,
  DescribeInstanceBackups: 50,
  '*': 20,
};

const WINDOW_MS = 1000;

/** Calls per second allowed for an action: the scenario's over the defaults; null when limits are off. */
export function rateLimitOf(settings: ScenarioV3Settings['rateLimits'], action: string): number | null {
  if (settings === false) return null;
  const merged: Record<string, number | undefined> = { ...DEFAULT_RATE_LIMITS, ...settings };
  return merged[action] ?? merged['*'] ?? null;
}

export class RateLimiter {
  /** `account/action` -> times of the accepted calls of the last second, oldest first. */
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Counts the call and says yes, or says no (the call is not counted) when the last second is full. */
  admit(account: string, action: string, perSecond: number): boolean {
    const now = this.clock.now();
    const key = `${account}/${action}`;
    const window = (this.windows.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    if (window.length >= perSecond) {
      this.windows.set(key, window);
      return false;
    }
    window.push(now);
    this.windows.set(key, window);
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
