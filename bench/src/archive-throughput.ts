// The archive benchmark's place in `npm run bench` (its measurement is built with libs/archive: e.g.
// libs/archive/scripts/measure-archive-speed.ts). This file is the hook: the figures it hands over, the runner
// that produces them (null until it is wired in), and the summary section and plot render whatever it gives.

/** One measured transfer: the archive pipeline or its baseline, moving `bytes` in `seconds`. */
export interface ArchiveRun {
  /** e.g. `archive` (transferFile, every check) or `baseline` (a plain lib-storage pipe). */
  mode: string;
  /** Files moved at once. */
  filesAtOnce: number;
  bytes: number;
  seconds: number;
  /** Peak RSS of the process that moved them, if measured. */
  rssPeakMiB?: number;
}

export interface ArchiveThroughputFigures {
  /** How the figures were made (command, sizes, servers). */
  description: string;
  runs: ArchiveRun[];
}

export interface ArchiveRunnerContext {
  rootDir: string;
  workDir: string;
  short: boolean;
  log: (line: string) => void;
}

/**
 * The archive benchmark's runner: set this to a function that measures and returns its figures, and
 * `npm run bench` runs it as the `archive` section (with the load average before and after), the summary gets
 * its table and bench/results/archive-throughput.svg its plot.
 */
export const ARCHIVE_RUNNER: ((context: ArchiveRunnerContext) => Promise<ArchiveThroughputFigures>) | null = null;

/** MiB per second of a run. */
export function mibPerSecond(run: ArchiveRun): number {
  return Number((run.bytes / 2 ** 20 / run.seconds).toFixed(1));
}
