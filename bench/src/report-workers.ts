// Summary sections 2 and 3: Temporal's overhead per export (tasks and their waits), and the worker's memory
// with thousands of exports in flight.
import type { SectionOutcome } from './bench-results';
import type { E2eOverheadResult, TaskKindWaits } from './e2e-overhead';
import { dist, failed, plotLine, sectionHeader, type ReportContext } from './report-format';
import type { ScaleVariantResult } from './scale';
import { TARGET_OVERHEAD_P50_MS, TARGET_RSS_EXPORTS, TARGET_RSS_MB } from './targets';

function taskRows(label: string, waits: TaskKindWaits): string[] {
  return [
    `| ${label} per export | ${dist(waits.count, '')} |`,
    `| ${label}: wait per task, scheduled to started | ${dist(waits.waitPerTaskMs)} |`,
    `| ${label}: total wait per export | ${dist(waits.totalWaitMs)} |`,
  ];
}

export function e2eSection(section: SectionOutcome<E2eOverheadResult>, context: ReportContext): string[] {
  const lines = sectionHeader("2. Temporal's overhead per export: the workflow against a plain script", section);
  const result = section.result;
  if (!result) return [...lines, ...failed('e2e-overhead', section)];
  lines.push(
    `${result.pairs} pairs, one export at a time, alternating which side goes first. Rate limits: ${result.rateLimits}.`,
    'The script makes the calls the activities make (DescribeInstances, DescribeBackupDetail, DescribeInstanceBackups,',
    'DescribeBackupDetail, DescribeBackupUrl) through the same API 3.0 client and limiter, in one process; the workflow is',
    'timed from `workflow.start()` to `handle.result()`. Waits come from each history: WorkflowTaskScheduled to',
    'WorkflowTaskStarted, and ActivityTaskScheduled to ActivityTaskStarted (an activity dispatched eagerly, in the answer',
    'to the workflow task that scheduled it, starts within a millisecond or two).',
    '',
    '| measure | figure |',
    '|---|---|',
    `| plain script | ${dist(result.scriptMs)} |`,
    `| workflow (client: start to result) | ${dist(result.workflowMs)} |`,
    `| workflow (server: start to close) | ${dist(result.workflowServerMs)} |`,
    `| **extra time per export** (client) | **${dist(result.overheadMs)}** |`,
    `| extra time per export (server) | ${dist(result.serverOverheadMs)} |`,
    `| CRS calls per export: script / workflow | ${result.crsCallsPerScriptExport.p50} / ${result.crsCallsPerWorkflowExport.p50} |`,
    `| history events per export | ${dist(result.historyEventsPerExport, '')} |`,
    ...taskRows('workflow tasks', result.workflowTasks),
    ...taskRows('activity tasks', result.activityTasks),
    `| activities started within 2 ms of being scheduled (eager dispatch) | ${Math.round(result.immediateActivityShare * 100)}% |`,
    `| median wait by activity | ${Object.entries(result.activityWaitByType)
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join(', ')} |`,
    '',
  );
  context.rows.push({
    target: `end-to-end overhead per export, median <= ${TARGET_OVERHEAD_P50_MS} ms, CRS rate limit on`,
    measured: `median ${result.overheadMs.p50} ms, p99 ${result.overheadMs.p99} ms; ${result.workflowTasks.count.p50} workflow + ${result.activityTasks.count.p50} activity tasks, ${Math.round(result.immediateActivityShare * 100)}% of activities eager`,
    met: context.short ? null : result.overheadMs.p50 <= TARGET_OVERHEAD_P50_MS,
    command: section.command,
  });
  return lines;
}

export function scaleSection(section: SectionOutcome<ScaleVariantResult[]>, context: ReportContext): string[] {
  const lines = sectionHeader('3. Worker memory: exports in flight on one worker', section);
  const variants = section.result;
  if (!variants) return [...lines, ...failed('scale', section)];
  lines.push(
    'Worker configurations:',
    '',
    ...variants.map(
      (v) =>
        `- **${v.variant}**: ${v.description}${Object.keys(v.workerEnv).length ? ` (\`${JSON.stringify(v.workerEnv)}\`)` : ''}.`,
    ),
    '',
    'Each configuration runs on a fresh stack; the worker is its own process (prebuilt workflow bundle, VmHWM reset once',
    "it is idle, so the peak is the run's). The exports start through the Temporal client 32 at a time; each waits for",
    "Tencent's RDB conversion (3.0, a cluster backup converted on its first DescribeBackupUrl) on the default poll",
    'schedule (2 s, x2, max 60 s). Rate limits off, so that the worker gets the most work at once. RSS in MB (10^6 bytes);',
    'CPU in % of one core.',
    '',
    ...plotLine(context, 'worker-rss', 'worker RSS over time with the exports in flight, per configuration'),
    '| worker | exports | conversion | started in | max in flight | SUCCEEDED | RSS idle / peak (VmHWM) | CPU avg / peak | CPU time | Temporal peak RSS / CPU avg | history events | CRS calls/export | lag conversion done -> SUCCEEDED | total |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|---|---|---:|',
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
        `| ${variant} | ${run.exports} | ${run.exportDurationMs / 1000} s | ${run.startSeconds} s | ${run.maxInFlight} | ${run.succeeded}/${run.exports}${others ? ` (${others})` : ''} | ${run.workerIdleRssMb} / **${run.worker.peakRssMb}**${run.workerPeakReset ? '' : ' (incl. start-up)'} | ${run.worker.averageCpuPercent}% / ${run.worker.peakCpuPercent}% | ${run.worker.cpuSeconds} s | ${temporal} | p50 ${run.historyEventsPerExport.p50} | p50 ${run.crsCallsPerExport.p50} | ${dist(run.lagMs)} | ${run.totalSeconds} s |`,
      );
      if (variant !== 'shipped') continue;
      context.rows.push({
        target: `worker as shipped, ${TARGET_RSS_EXPORTS} exports in flight: all SUCCEEDED, peak RSS <= ${TARGET_RSS_MB} MB`,
        measured: `${run.exports} exports: ${run.succeeded}/${run.exports} SUCCEEDED, max ${run.maxInFlight} in flight, peak RSS ${run.worker.peakRssMb} MB`,
        met:
          context.short || run.exports < TARGET_RSS_EXPORTS
            ? null
            : run.succeeded === run.exports &&
              run.maxInFlight >= TARGET_RSS_EXPORTS &&
              run.worker.peakRssMb <= TARGET_RSS_MB,
        command: section.command,
      });
    }
  const first = variants[0]?.runs[0];
  if (first)
    lines.push('', `CRS calls per export by action (${variants[0]?.variant}): ${JSON.stringify(first.callsByAction)}`);
  return [...lines, ''];
}
