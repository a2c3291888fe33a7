// The summary's building blocks: distributions, verdicts, load averages, failed sections, target rows.
import type { SectionOutcome } from './bench-results';
import type { Distribution } from './percentiles';

export interface TargetRow {
  target: string;
  measured: string;
  /** null: not judged (e.g. a short run's small sizes). */
  met: boolean | null;
  command: string;
}

export function dist(d: Distribution, unit = 'ms'): string {
  return `p50 ${d.p50} / p95 ${d.p95} / p99 ${d.p99}${unit ? ` ${unit}` : ''}`;
}

export function verdict(met: boolean | null): string {
  if (met === null) return 'not judged';
  return met ? 'met' : '**missed**';
}

export function sectionHeader(title: string, section: SectionOutcome<unknown>): string[] {
  const { before, after } = section.loadAverage;
  return [
    `## ${title}`,
    '',
    `Command: \`${section.command}\` (${section.durationSeconds} s). Load average (1/5/15 min) before: ` +
      `${before.join(' / ')}; after: ${after.join(' / ')}.`,
    '',
  ];
}

export function failed(name: string, section: SectionOutcome<unknown>): string[] {
  return [`**${name} failed**:`, '', '```', section.error ?? '', '```', ''];
}

/** What every section renderer gets: the plots written, where they are seen from, the target rows to add to. */
export interface ReportContext {
  plots: readonly string[];
  /** `-short`, `-partial`, ... as in the plots' file names. */
  suffix: string;
  /** Prefix of the plots' paths as seen from the summary (`../` for the dated copies in runs/). */
  plotDir: string;
  short: boolean;
  rows: TargetRow[];
}

export function plotLine(context: ReportContext, name: string, alt: string): string[] {
  const file = `${name}${context.suffix}.svg`;
  return context.plots.includes(file) ? [`![${alt}](${context.plotDir}${file})`, ''] : [];
}
