// The shape of one benchmark run as written to bench/results/*.json and rendered into the summary.
import type { ArchiveThroughputFigures } from './archive-throughput';
import type { E2eOverheadResult } from './e2e-overhead';
import type { FleetResult } from './fleet';
import type { MachineInfo } from './machine-info';
import type { PollingCostResult } from './polling-cost';
import type { ScaleVariantResult } from './scale';
import type { StartThroughputResult } from './start-throughput';

export const SECTIONS = ['start-throughput', 'e2e-overhead', 'scale', 'polling-cost', 'fleet', 'archive'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** 1, 5 and 15 minute load averages (os.loadavg()). */
export type LoadAverage = [number, number, number];

export interface SectionOutcome<T> {
  /** The command that reproduces this section alone. */
  command: string;
  /** What was configured for it (environment of the services, sizes, schedules). */
  settings: Record<string, unknown>;
  durationSeconds: number;
  /** The machine's load when the section began and when it ended: other work skews every figure. */
  loadAverage: { before: LoadAverage; after: LoadAverage };
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
  /** Plots written next to the summary (file names in bench/results/). */
  plots: string[];
  sections: {
    'start-throughput'?: SectionOutcome<StartThroughputResult>;
    'e2e-overhead'?: SectionOutcome<E2eOverheadResult>;
    scale?: SectionOutcome<ScaleVariantResult[]>;
    'polling-cost'?: SectionOutcome<PollingCostResult>;
    fleet?: SectionOutcome<FleetResult>;
    archive?: SectionOutcome<ArchiveThroughputFigures>;
  };
}
