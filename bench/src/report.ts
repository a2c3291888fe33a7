// Renders one benchmark run as the markdown summary: the commit and machine, targets met or missed, every
// figure with its plot, the command that produced it and the machine's load before and after it.
import type { BenchResults } from './bench-results';
import { commitLabel } from './machine-info';
import { archiveSection, fleetSection } from './report-fleet';
import { verdict, type ReportContext, type TargetRow } from './report-format';
import { pollingSection } from './report-polling';
import { startSection } from './report-start';
import { e2eSection, scaleSection } from './report-workers';

export interface SummaryOptions {
  /** `-short`, `-partial`: the suffix of this run's files. */
  suffix: string;
  /** Prefix of plot and artifact paths as seen from where the summary is written (`../` from runs/). */
  plotDir: string;
}

export function renderSummary(results: BenchResults, options: SummaryOptions): string {
  const m = results.machine;
  const rows: TargetRow[] = [];
  const context: ReportContext = {
    plots: results.plots,
    suffix: options.suffix,
    plotDir: options.plotDir,
    short: results.mode === 'short',
    rows,
  };
  const s = results.sections;
  const body: string[] = [];
  if (s['start-throughput']) body.push(...startSection(s['start-throughput'], context));
  if (s['e2e-overhead']) body.push(...e2eSection(s['e2e-overhead'], context));
  if (s.scale) body.push(...scaleSection(s.scale, context));
  if (s['polling-cost']) body.push(...pollingSection(s['polling-cost'], context));
  if (s.fleet) body.push(...fleetSection(s.fleet, context));
  if (!results.partial || s.archive) body.push(...archiveSection(s.archive, context));
  const settings = Object.entries(results.sections).map(
    ([name, section]) => `- ${name} (${section.durationSeconds} s): \`${JSON.stringify(section.settings)}\``,
  );
  const loads = Object.entries(results.sections).map(
    ([name, section]) =>
      `| ${name} | ${section.loadAverage.before.join(' / ')} | ${section.loadAverage.after.join(' / ')} | ${section.durationSeconds} s |`,
  );
  return [
    `# crs-export benchmarks (${results.mode} run${results.partial ? ', partial' : ''})`,
    '',
    `Commit **${commitLabel(m.git)}**. Produced by \`${results.command}\` at ${results.startedAt}, in ${results.durationSeconds} s.`,
    `Raw figures: \`bench/results/latest${options.suffix}.json\`.${results.mode === 'short' ? ' A short run (CI): its sizes are too small to judge the targets, which are listed but not judged.' : ''}`,
    '',
    '## Machine',
    '',
    '| what | value |',
    '|---|---|',
    `| CPU | ${m.cores} x ${m.cpuModel} |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| kernel | ${m.kernel} |`,
    `| load average at start (1/5/15 min) | ${m.loadAverageAtStart.join(' / ')} |`,
    `| Node | ${m.node} |`,
    `| Temporal CLI / server | ${m.temporalCli}${m.temporalCliPinned ? ` (the pinned CLI ${m.temporalCliPinned}, built with go install)` : ''} |`,
    `| Temporal TypeScript SDK | ${Object.entries(m.temporalSdk)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')} |`,
    '',
    'Everything (Temporal dev server with in-memory SQLite, worker, API, CRS simulator and the load generator) shares',
    'this one machine, so each figure includes the cost of the others. The load average before and after each part:',
    '',
    '| part | before (1/5/15 min) | after | took |',
    '|---|---|---|---:|',
    ...loads,
    '',
    '## Targets',
    '',
    '| target | measured | verdict | command |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.target} | ${row.measured} | ${verdict(row.met)} | \`${row.command}\` |`),
    '',
    ...body,
    '## Settings',
    '',
    ...settings,
    '',
  ].join('\n');
}
