// CRS calls per second per action from the simulator's call log (its wall-clock `wallTime`, what Tencent's
// per-account limits count in): 1 s buckets of the calls sent (accepted or refused), the highest count in any
// sliding second, and the refusals (RequestLimitExceeded), against the limit of each action.
import type { CallRecord } from '@crs-export/crs-simulator';

export interface ActionRate {
  action: string;
  /** Tencent's limit for the action (per account, per second). */
  limit: number | null;
  calls: number;
  /** Most calls sent in one 1 s bucket (wall-clock seconds). */
  maxPerSecond: number;
  /** Most calls in one 1 s bucket that the limit let through (answered anything but RequestLimitExceeded). */
  maxAcceptedPerSecond: number;
  /** Most calls sent within any 1 s window (sliding): what the simulator's limiter counts. */
  maxInAnySecond: number;
  /** Calls answered RequestLimitExceeded. */
  refused: number;
}

export interface CallRates {
  actions: ActionRate[];
  /** Calls per 1 s bucket per action: [seconds since the first call, action, calls]. */
  series: [number, string, number][];
  /** Whether no action went over its limit in any 1 s bucket, and none was refused. */
  withinLimits: boolean;
}

export const LIMIT_EXCEEDED = 'RequestLimitExceeded';

export function limitOf(limits: Readonly<Record<string, number>>, action: string): number | null {
  return limits[action] ?? limits['*'] ?? null;
}

function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= windowMs) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

export function callRates(calls: readonly CallRecord[], limits: Readonly<Record<string, number>>): CallRates {
  const api = calls.filter((call) => call.action !== 'download');
  const times = api.map((call) => Date.parse(call.wallTime));
  const origin = Math.floor(Math.min(...times, Number.POSITIVE_INFINITY) / 1000);
  const byAction = new Map<
    string,
    { times: number[]; buckets: Map<number, number>; accepted: Map<number, number>; refused: number }
  >();
  api.forEach((call, i) => {
    const at = times[i] ?? 0;
    let entry = byAction.get(call.action);
    if (!entry) {
      entry = { times: [], buckets: new Map(), accepted: new Map(), refused: 0 };
      byAction.set(call.action, entry);
    }
    const second = Math.floor(at / 1000) - origin;
    entry.times.push(at);
    entry.buckets.set(second, (entry.buckets.get(second) ?? 0) + 1);
    if (call.code === LIMIT_EXCEEDED) entry.refused += 1;
    else entry.accepted.set(second, (entry.accepted.get(second) ?? 0) + 1);
  });
  const actions: ActionRate[] = [...byAction.entries()]
    .map(([action, entry]) => ({
      action,
      limit: limitOf(limits, action),
      calls: entry.times.length,
      maxPerSecond: Math.max(0, ...entry.buckets.values()),
      maxAcceptedPerSecond: Math.max(0, ...entry.accepted.values()),
      maxInAnySecond: maxInWindow(
        [...entry.times].sort((a, b) => a - b),
        1000,
      ),
      refused: entry.refused,
    }))
    .sort((a, b) => b.calls - a.calls);
  const series: [number, string, number][] = [];
  for (const [action, entry] of byAction)
    for (const [second, count] of [...entry.buckets].sort((a, b) => a[0] - b[0])) series.push([second, action, count]);
  return {
    actions,
    series,
    withinLimits: actions.every(
      (rate) => rate.refused === 0 && (rate.limit === null || rate.maxPerSecond <= rate.limit),
    ),
  };
}
