// Fault injection: per action (or "*" for every action, and "download" for the RDB downloads), decided
// with a seeded random generator so that a test sees the same faults on every run.
import type { Random } from './seeded-random';

export interface FaultSpec {
  /** Probability of answering with an API error (HTTP 200) instead of doing the call. */
  errorRate?: number;
  /** Codes to pick from, at random; business codes follow the scenario's errorShape. Default [6000]. */
  errorCodes?: number[];
  /** Probability of an HTTP error status (no effect, plain-text body). */
  httpErrorRate?: number;
  /** Default [502]. */
  httpStatuses?: number[];
  /** Added before the call is handled: a fixed delay, or [min, max] for a random one. */
  latencyMs?: number | [number, number];
  /** Probability of no answer at all: the socket stays open until the client gives up (or holdMs passes). */
  timeoutRate?: number;
  /** Probability that the call takes effect and then the connection is destroyed before the answer. */
  dropResponseRate?: number;
}

/** `{ "*": {...}, "DescribeTaskInfo": {...} }`: an action's fields override the "*" fields one by one. */
export type FaultConfig = Record<string, FaultSpec>;

export type FaultKind = 'timeout' | 'httpError' | 'error' | 'dropResponse';

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | null;
  /** The HTTP status (httpError) or the API code (error). */
  code?: number;
}

const SPEC_KEYS: ReadonlyArray<keyof FaultSpec> = [
  'errorRate',
  'errorCodes',
  'httpErrorRate',
  'httpStatuses',
  'latencyMs',
  'timeoutRate',
  'dropResponseRate',
];

export class FaultConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid faults:\n  - ${problems.join('\n  - ')}`);
    this.name = 'FaultConfigError';
  }
}

function isRate(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isIntList(value: unknown, min: number, max: number): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => Number.isInteger(item) && item >= min && item <= max)
  );
}

/** Validates a fault configuration from JSON; throws FaultConfigError listing every problem. */
export function parseFaultConfig(input: unknown): FaultConfig {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new FaultConfigError(['faults: expected an object keyed by action name or "*"']);
  for (const [action, spec] of Object.entries(input as Record<string, unknown>)) {
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      problems.push(`${action}: expected an object`);
      continue;
    }
    const fields = spec as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!SPEC_KEYS.includes(key as keyof FaultSpec))
        problems.push(`${action}.${key}: unknown field (allowed: ${SPEC_KEYS.join(', ')})`);
    }
    for (const key of ['errorRate', 'httpErrorRate', 'timeoutRate', 'dropResponseRate']) {
      if (fields[key] !== undefined && !isRate(fields[key]))
        problems.push(`${action}.${key}: expected a probability from 0 to 1`);
    }
    if (fields['errorCodes'] !== undefined && !isIntList(fields['errorCodes'], 1, 99999))
      problems.push(`${action}.errorCodes: expected a non-empty array of codes`);
    if (fields['httpStatuses'] !== undefined && !isIntList(fields['httpStatuses'], 400, 599))
      problems.push(`${action}.httpStatuses: expected a non-empty array of statuses 400-599`);
    const latency = fields['latencyMs'];
    const okLatency =
      latency === undefined ||
      (typeof latency === 'number' && latency >= 0 && latency <= 600_000) ||
      (Array.isArray(latency) &&
        latency.length === 2 &&
        latency.every((ms) => typeof ms === 'number' && ms >= 0 && ms <= 600_000) &&
        (latency[0] as number) <= (latency[1] as number));
    if (!okLatency) problems.push(`${action}.latencyMs: expected milliseconds (0-600000) or [min, max]`);
  }
  if (problems.length > 0) throw new FaultConfigError(problems);
  return input as FaultConfig;
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length) % items.length] as T;
}

/** What happens to one call: rolled in a fixed order (timeout, HTTP error, API error, dropped response). */
export function decideFault(config: FaultConfig, action: string, random: Random): FaultDecision {
  const spec: FaultSpec = { ...config['*'], ...config[action] };
  const latency = spec.latencyMs ?? 0;
  const latencyMs =
    typeof latency === 'number' ? latency : latency[0] + Math.floor(random() * (latency[1] - latency[0] + 1));
  const roll = (rate: number | undefined): boolean => rate !== undefined && rate > 0 && random() < rate;
  if (roll(spec.timeoutRate)) return { latencyMs, kind: 'timeout' };
  if (roll(spec.httpErrorRate)) return { latencyMs, kind: 'httpError', code: pick(spec.httpStatuses ?? [502], random) };
  if (roll(spec.errorRate)) return { latencyMs, kind: 'error', code: pick(spec.errorCodes ?? [6000], random) };
  if (roll(spec.dropResponseRate)) return { latencyMs, kind: 'dropResponse' };
  return { latencyMs, kind: null };
}
