// The summary's charts as Vega-Lite specs, built from a run's figures (render-svg.mjs turns them into SVG).
// One function per chart; each takes only the figures it draws, so a chart can be made from any run's JSON.
import type { TopLevelSpec } from 'vega-lite';
import { mibPerSecond, type ArchiveThroughputFigures } from '../archive-throughput';
import type { FleetResult } from '../fleet';
import type { PollerPoint } from '../held-clock-pollers';
import type { PollingCostResult } from '../polling-cost';
import type { ScaleVariantResult } from '../scale';
import type { StartLevelResult } from '../start-throughput';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Legends show the whole series name (Vega's default cuts labels at 160 px). */
const CONFIG = { legend: { labelLimit: 400 } } as const;
const WIDTH = 320;
const HEIGHT = 220;

/** Throughput and p50/p99 latency against concurrency, API and raw side by side. */
export function startThroughputSpec(levels: readonly StartLevelResult[]): TopLevelSpec {
  const rows = levels.flatMap((level) =>
    (['api', 'raw'] as const).map((side) => ({
      concurrency: level.concurrency,
      side: side === 'api' ? 'API (POST /exports)' : 'raw (workflow.start)',
      perSecond: level[side].requestsPerSecond,
      p50: level[side].latencyMs.p50,
      p99: level[side].latencyMs.p99,
    })),
  );
  const x = {
    field: 'concurrency',
    type: 'quantitative',
    scale: { type: 'log', base: 2 },
    title: 'concurrency',
  } as const;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: 'Starting an export: API against raw workflow.start',
    data: { values: rows },
    hconcat: [
      {
        width: WIDTH,
        height: HEIGHT,
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'perSecond', type: 'quantitative', title: 'starts per second' },
          color: { field: 'side', type: 'nominal', title: null },
        },
      },
      {
        width: WIDTH,
        height: HEIGHT,
        transform: [{ fold: ['p50', 'p99'], as: ['percentile', 'ms'] }],
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms, log)' },
          color: { field: 'side', type: 'nominal', title: null },
          strokeDash: { field: 'percentile', type: 'nominal', title: null },
        },
      },
    ],
  };
}

/** Worker RSS over the run, one line per worker configuration, with the target. */
export function workerRssSpec(variants: readonly ScaleVariantResult[], targetMb: number): TopLevelSpec {
  const rows = variants.flatMap((variant) =>
    variant.runs.flatMap((run) =>
      run.worker.rssSeries.map(([seconds, mb]) => ({
        seconds,
        mb,
        worker: `${variant.variant} (${run.exports} exports)`,
      })),
    ),
  );
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: 'Worker RSS with the exports in flight',
    width: WIDTH * 2,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'seconds', type: 'quantitative', title: 'seconds since the first start' },
          y: { field: 'mb', type: 'quantitative', title: 'VmRSS (MB)' },
          color: { field: 'worker', type: 'nominal', title: null },
        },
      },
      {
        data: { values: [{ mb: targetMb, label: `target ${targetMb} MB` }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
        encoding: { y: { field: 'mb', type: 'quantitative' } },
      },
    ],
  };
}

/** CRS calls per export and end lag against the task's duration, for each poller, with the budgets. */
export function pollingCostSpec(result: PollingCostResult): TopLevelSpec {
  const rows = result.points.map((point: PollerPoint) => ({
    seconds: point.taskSeconds,
    poller: point.poller === 'workflow' ? 'workflow (real time, scaled)' : `${point.poller} (held clock)`,
    calls: point.crsCalls,
    lag: Math.max(point.endLagSeconds, 0.1),
  }));
  const budgets = result.budgets.map((budget) => ({
    seconds: budget.taskSeconds,
    calls: budget.calls,
    lag: budget.endLagSeconds,
  }));
  const x = {
    field: 'seconds',
    type: 'quantitative',
    scale: { type: 'log' },
    title: 'task duration (s, log)',
  } as const;
  const panel = (field: 'calls' | 'lag', title: string, budgetTitle: string) => ({
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line' as const, point: true },
        encoding: {
          x,
          y: { field, type: 'quantitative' as const, scale: { type: 'log' as const }, title },
          color: { field: 'poller', type: 'nominal' as const, title: null },
        },
      },
      {
        data: { values: budgets },
        mark: { type: 'line' as const, strokeDash: [4, 4], color: 'gray' },
        encoding: { x, y: { field, type: 'quantitative' as const, title: budgetTitle } },
      },
    ],
  });
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: 'Waiting for a Tencent task: CRS calls and end lag (dashed: the targets)',
    hconcat: [
      panel('calls', 'CRS calls per export (log)', 'CRS calls per export (log)'),
      panel('lag', 'task end to done (s, log)', 'task end to done (s, log)'),
    ],
  };
}

/** CRS calls per second per action over the fleet's run, with each action's limit. */
export function fleetSpec(result: FleetResult): TopLevelSpec {
  const rows = result.rates.series.map(([second, action, calls]) => ({ second, action, calls }));
  const limits = result.rates.actions.map((rate) => ({ action: rate.action, limit: rate.limit ?? 0 }));
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: `A batch of ${result.instances} instances: CRS calls per second per action (dashed: Tencent's limit)`,
    width: WIDTH * 2,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'second', type: 'quantitative', title: 'seconds since the first call' },
          y: { field: 'calls', type: 'quantitative', title: 'calls in the second' },
          color: { field: 'action', type: 'nominal', title: null },
        },
      },
      {
        data: { values: limits },
        mark: { type: 'rule', strokeDash: [4, 4] },
        encoding: {
          y: { field: 'limit', type: 'quantitative' },
          color: { field: 'action', type: 'nominal', title: null },
        },
      },
    ],
  };
}

/** The archive benchmark's throughput (MiB/s) against files moved at once, per mode. */
export function archiveThroughputSpec(figures: ArchiveThroughputFigures): TopLevelSpec {
  const rows = figures.runs.map((run) => ({
    mode: run.mode,
    filesAtOnce: run.filesAtOnce,
    mibPerSecond: mibPerSecond(run),
  }));
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: 'Archiving: throughput',
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'filesAtOnce', type: 'quantitative', title: 'files at once' },
      y: { field: 'mibPerSecond', type: 'quantitative', title: 'MiB/s' },
      color: { field: 'mode', type: 'nominal', title: null },
    },
  };
}
