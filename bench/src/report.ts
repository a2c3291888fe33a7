// Renders one benchmark run as the markdown summary: machine, targets met or missed, and every figure with
// the command that produced it.
import type { BenchResults, SectionOutcome } from './bench-results';
import type { E2eOverheadResult } from './e2e-overhead';
import type { Distribution } from './percentiles';
import type { PollingCostResult, PollingPoint } from './polling-cost';
import type { ScaleVariantResult } from './scale';
import type { StartThroughputResult } from './start-throughput';

interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
  command: string;
}

const TARGET_RATIO = 0.7;
const TARGET_OVERHEAD_P50_MS = 300;
const TARGET_RSS_MB = 400;

function dist(d: Distribution, unit = 'ms'): string {
  return `p50 ${d.p50} / p95 ${d.p95} / p99 ${d.p99} ${unit}`;
}

function verdict(met: boolean | null): string {
  if (met === null) return 'not measured';
  return met ? 'met' : '**missed**';
}

function failed(name: string, section: SectionOutcome<unknown>): string[] {
  return [`**${name} failed** (\`${section.command}\`):`, '', '```', section.error ?? '', '```', ''];
}

function startSection(section: SectionOutcome<StartThroughputResult>, rows: TargetRow[]): string[] {
  const lines = [
    '## 1. Start throughput and latency: POST /exports against workflow.start',
    '',
    `Command: \`${section.command}\``,
    '',
  ];
  const result = section.result;
  if (!result) return [...lines, ...failed('start-throughput', section)];
  lines.push(
    `Workers: ${result.workers}. Every request is a new export (distinct redisId/backupId, answered 201). Each level runs`,
    'API and raw for the same time, in halves ordered API, raw, raw, API; the load generator is this process, on the',
    'same 2 cores as the API and Temporal.',
    '',
    '| concurrency | API req/s | API latency | raw starts/s | raw latency | API/raw throughput | API/raw p50 | errors (API/raw) |',
    '|---:|---:|---|---:|---|---:|---:|---|',
  );
  for (const level of result.levels) {
    lines.push(
      `| ${level.concurrency} | ${level.api.requestsPerSecond} | ${dist(level.api.latencyMs)} | ${level.raw.requestsPerSecond} | ${dist(level.raw.latencyMs)} | ${level.throughputRatio} | ${level.p50LatencyRatio} | ${level.api.errors}/${level.raw.errors} |`,
    );
    rows.push({
      target: `start throughput API/raw >= ${TARGET_RATIO} at concurrency ${level.concurrency}`,
      measured: `${level.throughputRatio} (${level.api.requestsPerSecond} vs ${level.raw.requestsPerSecond} per s)`,
      met: level.throughputRatio >= TARGET_RATIO,
      command: section.command,
    });
  }
  return [...lines, ''];
}

function e2eSection(section: SectionOutcome<E2eOverheadResult>, rows: TargetRow[]): string[] {
  const lines = [
    '## 2. End-to-end overhead: workflow against a plain script',
    '',
    `Command: \`${section.command}\``,
    '',
  ];
  const result = section.result;
  if (!result) return [...lines, ...failed('e2e-overhead', section)];
  const p = result.polling;
  lines.push(
    `${result.pairs} pairs, one export at a time, export duration 0 in the simulator. The script makes the same CRS calls`,
    '(DescribeRedis, GetRedisBackupList, ExportRedisBackup, DescribeTaskInfo until done, GetBackupDownloadUrl) with the',
    `real CrsClient and the same poll schedule as the workflow (first poll at once, then ${p.initialIntervalMs} ms x${p.backoffCoefficient},`,
    `max ${p.maximumIntervalMs} ms). The workflow is timed from \`workflow.start()\` to \`handle.result()\`; overhead is per pair.`,
    '',
    '| measure | figure |',
    '|---|---|',
    `| plain script | ${dist(result.scriptMs)} |`,
    `| workflow (client: start to result) | ${dist(result.workflowMs)} |`,
    `| workflow (server: start to close) | ${dist(result.workflowServerMs)} |`,
    `| **extra time per export** (client) | **${dist(result.overheadMs)}** |`,
    `| extra time per export (server) | ${dist(result.serverOverheadMs)} |`,
    `| polls per export | ${dist(result.pollsPerExport, '')} |`,
    `| history events per export | ${dist(result.historyEventsPerExport, '')} |`,
    ...(result.dispatchWaitMs
      ? [
          `| tasks dispatched per export (workflow tasks + activities) | ${dist(result.dispatchesPerExport, '')} |`,
          `| their total wait, scheduled to started (server clock) | ${dist(result.dispatchWaitMs)} |`,
        ]
      : []),
    '',
  );
  rows.push({
    target: `end-to-end overhead median <= ${TARGET_OVERHEAD_P50_MS} ms`,
    measured: `median ${result.overheadMs.p50} ms, p99 ${result.overheadMs.p99} ms`,
    met: result.overheadMs.p50 <= TARGET_OVERHEAD_P50_MS,
    command: section.command,
  });
  return lines;
}

function scaleSection(section: SectionOutcome<ScaleVariantResult[]>, rows: TargetRow[]): string[] {
  const lines = ['## 3. Scale: exports in flight at once on one worker', '', `Command: \`${section.command}\``, ''];
  const variants = section.result;
  if (!variants) return [...lines, ...failed('scale', section)];
  lines.push('Worker configurations:', '', ...variants.map((v) => `- **${v.variant}**: ${v.description}.`), '');
  lines.push(
    'Each size runs on a freshly restarted worker process (prebuilt workflow bundle, VmHWM reset once it is idle, so the',
    "peak is that run's), the exports started through the Temporal",
    'client 32 at a time, with the default poll schedule (2 s, x2, max 60 s). RSS in MB (10^6 bytes); CPU in % of one core.',
    '',
    '| worker | exports | task duration | started in | max in flight | SUCCEEDED | worker RSS idle / peak (VmHWM) | worker CPU avg / peak | worker CPU time | Temporal peak RSS / CPU avg | history events/export | CRS calls/export | lag task done -> SUCCEEDED | of which detection / finish | total |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|---|---|---|---:|',
  );
  for (const { variant, runs } of variants)
    for (const run of runs) {
      const temporal = run.temporalServer
        ? `${run.temporalServer.peakRssMb} MB / ${run.temporalServer.averageCpuPercent}%`
        : 'n/a';
      const others = Object.entries(run.otherOutcomes)
        .map(([outcome, count]) => `${count} ${outcome}`)
        .join(', ');
      lines.push(
        `| ${variant} | ${run.exports} | ${run.exportDurationMs / 1000} s | ${run.startSeconds} s | ${run.maxInFlight} | ${run.succeeded}/${run.exports}${others ? ` (${others})` : ''} | ${run.workerIdleRssMb} / ${run.worker.peakRssMb} MB${run.workerPeakReset ? '' : ' (peak incl. start-up)'} | ${run.worker.averageCpuPercent}% / ${run.worker.peakCpuPercent}% | ${run.worker.cpuSeconds} s | ${temporal} | ${dist(run.historyEventsPerExport, '')} | ${dist(run.crsCallsPerExport, '')} | ${dist(run.lagMs)} | p50 ${run.detectionLagMs.p50} / ${run.finishLagMs.p50} ms | ${run.totalSeconds} s |`,
      );
      rows.push({
        target: `${run.exports} in flight on one worker (${variant}): all SUCCEEDED, peak RSS <= ${TARGET_RSS_MB} MB`,
        measured: `${run.succeeded}/${run.exports} SUCCEEDED, max ${run.maxInFlight} in flight, peak RSS ${run.worker.peakRssMb} MB`,
        met:
          run.succeeded === run.exports &&
          run.worker.peakRssMb <= TARGET_RSS_MB &&
          run.maxInFlight >= Math.min(run.exports, 1000),
        command: section.command,
      });
    }
  const first = variants[0]?.runs[0];
  if (first)
    lines.push('', `CRS calls per export by action (${first.exports} exports): ${JSON.stringify(first.callsByAction)}`);
  return [...lines, ''];
}

function pointRow(point: PollingPoint): string {
  return `| ${point.label} | ${point.realDurationMs} ms | ${point.policy.initialIntervalMs} ms x${point.policy.backoffCoefficient}, max ${point.policy.maximumIntervalMs} ms | ${point.succeeded}/${point.exports} | ${point.polls.p50} (${point.polls.min}-${point.polls.max}) | ${point.modelPolls} | ${point.crsCallsPerExport.p50} | ${point.historyEventsPerExport.p50} (${point.historyEventsPerExport.min}-${point.historyEventsPerExport.max}) |`;
}

function pollingSection(section: SectionOutcome<PollingCostResult>, rows: TargetRow[]): string[] {
  const lines = [
    '## 4. Polling cost: CRS calls and history as the task runs longer',
    '',
    `Command: \`${section.command}\``,
    '',
  ];
  const result = section.result;
  if (!result) return [...lines, ...failed('polling-cost', section)];
  const header = [
    '| task | ran as | poll schedule | SUCCEEDED | polls per export p50 (min-max) | model polls | CRS calls per export p50 | history events p50 (min-max) |',
    '|---|---:|---|---:|---:|---:|---:|---|',
  ];
  lines.push(
    `Time-scaled by ${result.timeScale}: each task duration and the default poll schedule (2 s, x2, max 60 s) divided by`,
    `${result.timeScale}. Temporal retries an activity no sooner than about 1 s after a failure whatever the policy asks`,
    '(measured on this server: 10 ms and 300 ms intervals both gave 1.0 s), so a larger scale would distort the schedule.',
    '"Model polls" is the count on an exact clock; the cap of 60 s makes polls grow logarithmically up to about',
    '2 minutes of task and by one a minute after that.',
    '',
    ...header,
    ...result.curve.map(pointRow),
    '',
    'History for one poll against many (one poll a second, no backoff; the task runs through the polls):',
    '',
    ...header,
    pointRow(result.historyComparison.onePoll),
    pointRow(result.historyComparison.manyPolls),
    '',
  );
  const { onePoll, manyPolls, sameHistory } = result.historyComparison;
  rows.push({
    target: `history events per export the same for 1 poll and ${manyPolls.polls.min} polls`,
    measured: `${onePoll.historyEventsPerExport.p50} events at ${onePoll.polls.p50} poll(s), ${manyPolls.historyEventsPerExport.p50} at ${manyPolls.polls.p50} polls`,
    met: sameHistory,
    command: section.command,
  });
  return lines;
}

export function renderSummary(results: BenchResults): string {
  const m = results.machine;
  const rows: TargetRow[] = [];
  const body: string[] = [];
  const s = results.sections;
  if (s['start-throughput']) body.push(...startSection(s['start-throughput'], rows));
  if (s['e2e-overhead']) body.push(...e2eSection(s['e2e-overhead'], rows));
  if (s.scale) body.push(...scaleSection(s.scale, rows));
  if (s['polling-cost']) body.push(...pollingSection(s['polling-cost'], rows));
  const settings = Object.entries(results.sections).map(
    ([name, section]) => `- ${name} (${section.durationSeconds} s): \`${JSON.stringify(section.settings)}\``,
  );
  return [
    `# crs-export benchmarks (${results.mode} run)`,
    '',
    `Produced by \`${results.command}\` at ${results.startedAt}, in ${results.durationSeconds} s. Raw figures: \`bench/results/latest${results.mode === 'short' ? '-short' : ''}${results.partial ? '-partial' : ''}.json\`.`,
    '',
    '## Machine',
    '',
    '| what | value |',
    '|---|---|',
    `| CPU | ${m.cores} x ${m.cpuModel} |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| kernel | ${m.kernel} |`,
    `| load average at start (1 min) | ${m.loadAverageAtStart} |`,
    `| Node | ${m.node} |`,
    `| Temporal CLI / server | ${m.temporalCli}${m.temporalCliPinned ? ` (the pinned CLI ${m.temporalCliPinned}, built with go install)` : ''} |`,
    `| Temporal TypeScript SDK | ${Object.entries(m.temporalSdk)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')} |`,
    `| commit | ${m.gitCommit ?? 'unknown'} |`,
    '',
    'Everything (Temporal dev server with in-memory SQLite, worker, API, CRS simulator and the load generator) shares',
    'this one machine, so each figure includes the cost of the others.',
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
