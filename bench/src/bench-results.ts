// The shape of one benchmark run as written to bench/results/*.json and rendered into the summary.
import type { E2eOverheadResult } from './e2e-overhead';
import type { MachineInfo } from './machine-info';
import type { PollingCostResult } from './polling-cost';
import type { ScaleVariantResult } from './scale';
import type { StartThroughputResult } from './start-throughput';

export const SECTIONS = ['start-throughput', 'e2e-overhead', 'scale', 'polling-cost'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface SectionOutcome<T> {
  /** The command that reproduces this section alone. */
  command: string;
  /** What was configured for it (environment of the services, sizes, schedules). */
  settings: Record<string, unknown>;
  durationSeconds: number;
  result: T | null;
  /** Set when the section failed; the others still ran. */
  error: string | null;
}

export interface BenchResults {
  mode: 'full' | 'short';
  /** The command that produced this file. */
  command: string;
  /** Only some benchmarks ran (--only). */
  partial?: boolean;
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  sections: {
    'start-throughput'?: SectionOutcome<StartThroughputResult>;
    'e2e-overhead'?: SectionOutcome<E2eOverheadResult>;
    scale?: SectionOutcome<ScaleVariantResult[]>;
    'polling-cost'?: SectionOutcome<PollingCostResult>;
  };
}
