// What the start benchmark's load generator (start-load.ts, its own process) is asked to do and what it answers.
import type { Distribution } from './percentiles';

export type StartSide = 'api' | 'raw';

export interface StartTarget {
  /** Base URL; requests go to `<url>/exports`. */
  url: string;
  headers: Record<string, string>;
  /** Group code of the redisIds this side starts (every request a new export). */
  code: string;
}

export interface StartLoadPlan {
  /** levels: both sides at each concurrency; window: one side at concurrency 1 (the profiled API). */
  mode: 'levels' | 'window';
  targets: Partial<Record<StartSide, StartTarget>>;
  levels: number[];
  /** Per half; each side runs two halves per level. In window mode: the measured time. */
  halfMs: number;
  warmupMs: number;
  maxRequestsPerHalf: number;
  /** Window mode: a process to send SIGWINCH just before the window and again after it (the API's profiler). */
  profileSignalPid?: number;
}

export interface StartSideResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  requestsPerSecond: number;
  latencyMs: Distribution;
}

export interface StartLevelLoad {
  concurrency: number;
  api: StartSideResult;
  raw: StartSideResult;
}

export interface StartLoadResult {
  levels: StartLevelLoad[];
  /** Window mode: the measured window on the monotonic clock (µs, as CPU profiles count), and its side. */
  window: { startUs: number; endUs: number; side: StartSideResult } | null;
}
