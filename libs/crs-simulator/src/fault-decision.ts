// What happens to one API call or download, rolled with the simulator's seeded random generator in a
// fixed order (timeout, HTTP error, API error, dropped response), so that a test sees the same faults on
// every run.
import type { FaultConfig, FaultKind, FaultSpec } from './fault-schema';
import type { Random } from './seeded-random';

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | null;
  /** The HTTP status (httpError) or the API code (error). */
  code?: number | string;
}

export const DOWNLOAD_FAULT_KEY = 'download';

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length) % items.length] as T;
}

/**
 * `action`'s faults over the "*" ones, field by field ("*" never reaches downloads). An API error takes
 * a code of the call's generation: v2 numbers or 3.0 strings from errorCodes.
 */
export function decideFault(config: FaultConfig, action: string, api: 'v2' | 'v3', random: Random): FaultDecision {
  const spec: FaultSpec = action === DOWNLOAD_FAULT_KEY ? { ...config[action] } : { ...config['*'], ...config[action] };
  const latency = spec.latencyMs ?? 0;
  const latencyMs =
    typeof latency === 'number' ? latency : latency[0] + Math.floor(random() * (latency[1] - latency[0] + 1));
  const roll = (rate: number | undefined): boolean => rate !== undefined && rate > 0 && random() < rate;
  if (roll(spec.timeoutRate)) return { latencyMs, kind: 'timeout' };
  if (roll(spec.httpErrorRate)) return { latencyMs, kind: 'httpError', code: pick(spec.httpStatuses ?? [502], random) };
  if (roll(spec.errorRate)) {
    const codes = (spec.errorCodes ?? []).filter((code) =>
      api === 'v2' ? typeof code === 'number' : typeof code === 'string',
    );
    const fallback = api === 'v2' ? 6000 : 'InternalError';
    return { latencyMs, kind: 'error', code: codes.length > 0 ? pick(codes, random) : fallback };
  }
  if (roll(spec.dropResponseRate)) return { latencyMs, kind: 'dropResponse' };
  return { latencyMs, kind: null };
}
