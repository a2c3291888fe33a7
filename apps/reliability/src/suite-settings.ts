// The suite's own knobs, read once from the environment of `npm run test:reliability` (not the services'
// configuration, which libs/config owns): topology, profile, seed, CPU hogs and the length of a long outage.
export const TOPOLOGIES = ['dev', 'production'] as const;
export type TopologyName = (typeof TOPOLOGIES)[number];

/** full: every scenario of the topology; short: the production topology's own scenarios only (for CI's time). */
export const PROFILES = ['full', 'short'] as const;
export type ProfileName = (typeof PROFILES)[number];

export interface SuiteSettings {
  topology: TopologyName;
  profile: ProfileName;
  seed: number;
  /** Busy-loop processes run beside the suite, to show it holds on a loaded machine. */
  cpuHogs: number;
  /** How long the worker and Temporal stay down together; longer than every activity attempt timeout. */
  longOutageMs: number;
}

export const DEFAULT_SEED = 20261128;
export const DEFAULT_LONG_OUTAGE_MS = 60_000;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name}=${value}: expected one of ${allowed.join(', ')}`);
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`${name}=${value}: expected a whole number >= ${min}`);
  return parsed;
}

export function suiteSettings(env: NodeJS.ProcessEnv = process.env): SuiteSettings {
  return {
    topology: oneOf('RELIABILITY_TOPOLOGY', env['RELIABILITY_TOPOLOGY'], TOPOLOGIES, 'dev'),
    profile: oneOf('RELIABILITY_PROFILE', env['RELIABILITY_PROFILE'], PROFILES, 'full'),
    seed: wholeNumber('RELIABILITY_SEED', env['RELIABILITY_SEED'], DEFAULT_SEED, 0),
    cpuHogs: wholeNumber('RELIABILITY_CPU_HOGS', env['RELIABILITY_CPU_HOGS'], 0, 0),
    longOutageMs: wholeNumber('RELIABILITY_OUTAGE_MS', env['RELIABILITY_OUTAGE_MS'], DEFAULT_LONG_OUTAGE_MS, 1_000),
  };
}
