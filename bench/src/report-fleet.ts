// Summary sections 5 and 6: the fleet batch against Tencent's limits, and the archive benchmark's slot.
import { mibPerSecond, type ArchiveThroughputFigures } from './archive-throughput';
import { TARGET_ARCHIVE_RATIO, TARGET_ARCHIVE_RSS_GROWTH_MB } from './targets';
import type { SectionOutcome } from './bench-results';
import type { FleetResult } from './fleet';
import { failed, plotLine, sectionHeader, type ReportContext } from './report-format';

export function fleetSection(section: SectionOutcome<FleetResult>, context: ReportContext): string[] {
  const lines = sectionHeader('5. A fleet: one batch of many instances on one worker (issue 14)', section);
  const result = section.result;
  if (!result) return [...lines, ...failed('fleet', section)];
  const counts = Object.entries(result.counts)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  lines.push(
    `A batch of the \`latest\` backup of every cluster named \`fleet-*\` in ap-guangzhou (${result.instances} instances,`,
    `${result.concurrency} children at a time, continued as new every 500), on one worker process with Tencent's`,
    "per-account limits (`CRS_RATE_LIMITS`' default, kept by the worker's in-process limiter); the simulator refuses any",
    'call over them (RequestLimitExceeded, counted in a sliding second). Calls per second come from the call log in 1 s',
    'buckets of wall time.',
    '',
    ...plotLine(context, 'fleet', "CRS calls per second per action over the batch, with Tencent's limits"),
    '| measure | figure |',
    '|---|---|',
    `| outcome | ${result.state}: ${counts}${result.failures > 0 ? `; first failures: ${JSON.stringify(result.firstFailures)}` : ''} |`,
    `| duration (start to the batch's end) | ${result.durationSeconds} s (${result.exportsPerSecond} exports/s) |`,
    `| worker RSS idle / peak (VmHWM) | ${result.workerIdleRssMb} / ${result.worker.peakRssMb} MB |`,
    `| worker CPU avg / peak | ${result.worker.averageCpuPercent}% / ${result.worker.peakCpuPercent}% |`,
    '',
    '| action | calls | highest calls in a 1 s bucket | accepted in a 1 s bucket | in any sliding second | limit | refused (RequestLimitExceeded) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...result.rates.actions.map(
      (rate) =>
        `| ${rate.action} | ${rate.calls} | ${rate.maxPerSecond} | ${rate.maxAcceptedPerSecond} | ${rate.maxInAnySecond} | ${rate.limit ?? 'none'} | ${rate.refused} |`,
    ),
    '',
  );
  const succeeded = result.counts.SUCCEEDED ?? 0;
  context.rows.push({
    target: `a ${result.instances}-instance batch on one worker completes`,
    measured: `${result.state}: ${succeeded}/${result.instances} SUCCEEDED in ${result.durationSeconds} s, worker peak RSS ${result.worker.peakRssMb} MB`,
    met: result.state === 'SUCCEEDED' && succeeded === result.instances,
    command: section.command,
  });
  const worst = [...result.rates.actions].sort(
    (a, b) => b.maxPerSecond / (b.limit ?? Infinity) - a.maxPerSecond / (a.limit ?? Infinity),
  )[0];
  context.rows.push({
    target: "CRS calls per second per action never above Tencent's limit (1 s buckets), none refused",
    measured: worst
      ? `highest ${worst.maxPerSecond}/s of ${worst.action} (limit ${worst.limit}); ${result.rates.actions.reduce((n, rate) => n + rate.refused, 0)} refused`
      : 'no calls',
    met: result.rates.withinLimits,
    command: section.command,
  });
  return lines;
}

export function archiveSection(
  section: SectionOutcome<ArchiveThroughputFigures> | undefined,
  context: ReportContext,
): string[] {
  const lines = ['## 6. Archiving throughput', ''];
  if (!section)
    return [
      ...lines,
      'Not measured in this run: the archive benchmark fills this section once its runner is set in',
      '`bench/src/archive-throughput.ts` (`ARCHIVE_RUNNER`, returning `ArchiveThroughputFigures`); its plot is',
      '`archiveThroughputSpec` in `bench/src/plots/plot-specs.ts`.',
      '',
    ];
  const header = sectionHeader('6. Archiving throughput', section);
  const figures = section.result;
  if (!figures) return [...header, ...failed('archive', section)];
  const growthMb = figures.rssGrowthWith4MiB === undefined ? null : (figures.rssGrowthWith4MiB * 2 ** 20) / 1e6;
  context.rows.push({
    target: `archive: at least ${TARGET_ARCHIVE_RATIO} of the baseline's throughput (1 GiB, 3 shards); RSS +${TARGET_ARCHIVE_RSS_GROWTH_MB} MB at most with 4 transfers`,
    measured: `ratio ${figures.throughputRatio ?? 'n/a'}; RSS +${growthMb === null ? 'n/a' : growthMb.toFixed(0)} MB`,
    met:
      context.short || figures.throughputRatio === undefined || growthMb === null
        ? null
        : figures.throughputRatio >= TARGET_ARCHIVE_RATIO && growthMb <= TARGET_ARCHIVE_RSS_GROWTH_MB,
    command: section.command,
  });
  return [
    ...header,
    figures.description,
    '',
    ...plotLine(context, 'archive-throughput', 'archive throughput against files at once, per mode'),
    `- throughput of the archive against the baseline (target at least 0.9): **${figures.throughputRatio ?? 'n/a'}**`,
    `- peak RSS growth with 4 transfers at once (target at most 100 MB = 95 MiB): **${figures.rssGrowthWith4MiB ?? 'n/a'} MiB**`,
    '',
    '| round | mode | files at once | bytes | seconds | MiB/s | peak RSS (MiB) | RSS growth (MiB) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...figures.runs.map(
      (run) =>
        `| ${run.round ?? ''} | ${run.mode} | ${run.filesAtOnce} | ${run.bytes} | ${run.seconds} | ${mibPerSecond(run)} | ${run.rssPeakMiB ?? ''} | ${run.rssGrowthMiB ?? ''} |`,
    ),
    '',
  ];
}
