// Summary section 1: the start benchmark and the API's CPU profile.
import type { SectionOutcome } from './bench-results';
import type { TimeShare } from './cpu-profile';
import { dist, failed, plotLine, sectionHeader, type ReportContext } from './report-format';
import type { StartThroughputResult } from './start-throughput';
import { TARGET_START_RATIO, TARGET_START_RATIO_C1 } from './targets';

function shareTable(title: string, shares: readonly TimeShare[], limit: number): string[] {
  return [
    `| ${title} | ms | % of busy |`,
    '|---|---:|---:|',
    ...shares
      .slice(0, limit)
      .map((share) => `| \`${share.name.replace(/\|/g, '\\|')}\` | ${share.ms} | ${share.percent} |`),
    '',
  ];
}

export function startSection(section: SectionOutcome<StartThroughputResult>, context: ReportContext): string[] {
  const lines = sectionHeader('1. Starting an export: POST /exports against a raw workflow.start', section);
  const result = section.result;
  if (!result) return [...lines, ...failed('start-throughput', section)];
  lines.push(
    `Processes: ${result.processes}. Each level runs API and raw for the same time in halves ordered API, raw, raw,`,
    'API; every request is a new export (answered 201). The raw side does what the API must (an HTTP request, its',
    'JSON body, `workflow.start` with the same options, a JSON answer) and nothing else, so the ratio is the cost of',
    "the API's own work: framework, key check, validation, logging, throttling.",
    '',
    ...plotLine(context, 'start-throughput', 'throughput and p50/p99 latency against concurrency, API and raw'),
    '| concurrency | API starts/s | API latency | raw starts/s | raw latency | throughput API/raw | p50 API/raw | p99 API/raw | errors (API/raw) |',
    '|---:|---:|---|---:|---|---:|---:|---:|---|',
  );
  for (const level of result.levels) {
    lines.push(
      `| ${level.concurrency} | ${level.api.requestsPerSecond} | ${dist(level.api.latencyMs)} | ${level.raw.requestsPerSecond} | ${dist(level.raw.latencyMs)} | ${level.throughputRatio} | ${level.p50LatencyRatio} | ${level.p99LatencyRatio} | ${level.api.errors}/${level.raw.errors} |`,
    );
    const target = level.concurrency === 1 ? TARGET_START_RATIO_C1 : TARGET_START_RATIO;
    context.rows.push({
      target: `start throughput API/raw >= ${target} at concurrency ${level.concurrency}`,
      measured: `${level.throughputRatio} (${level.api.requestsPerSecond} vs ${level.raw.requestsPerSecond} per s); p99 latency ratio ${level.p99LatencyRatio}`,
      met: context.short ? null : level.throughputRatio >= target,
      command: section.command,
    });
  }
  lines.push('');
  const profile = result.profile;
  if (!profile)
    return [...lines, `The CPU profile of the API failed: ${result.profileError ?? 'no reason given'}.`, ''];
  const { summary } = profile;
  lines.push(
    '### CPU profile of the API at concurrency 1',
    '',
    "V8's sampling CPU profiler (the one `node --cpu-prof` uses, 1 ms interval; started in the API's process for the",
    `window only), cut to the ${summary.windowMs} ms of load at concurrency 1 (${profile.load.requests} requests,`,
    `${profile.load.requestsPerSecond}/s, ${dist(profile.load.latencyMs)}) after the levels above. Main thread only:`,
    `${summary.busyMs} ms busy, ${summary.idleMs} ms idle, ${summary.samples} samples, so about`,
    `${profile.load.requests > 0 ? (summary.busyMs / profile.load.requests).toFixed(2) : '?'} ms of the API's CPU per start. The profile: [\`${profile.artifact}\`](${context.plotDir}${profile.artifact.split('/').pop() ?? ''})`,
    '(open it in Chrome DevTools, Performance, or VS Code).',
    '',
    ...shareTable('self time, by package', summary.selfByPackage, 12),
    ...shareTable(
      'inclusive time, by package (a sample counts for every package on its stack)',
      summary.inclusiveByPackage,
      12,
    ),
    ...shareTable("inclusive time, by file of the API's own code", summary.inclusiveByAppFile, 12),
    ...shareTable('top self-time functions', summary.topSelfFunctions, 15),
  );
  return lines;
}
