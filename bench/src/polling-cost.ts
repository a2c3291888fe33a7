// Benchmark 4: what waiting costs as the Tencent task runs longer: CRS calls and history events per export
// for task durations of 10 s, 100 s and 1,000 s, time-scaled (durations and the poll schedule divided by
// the same factor), and history for 1 poll against 100+ polls. Temporal retries an activity no sooner than
// about 1 s after a failure whatever the policy says (measured: 10 ms and 300 ms both gave 1.0 s), so the
// scale is at most 2 (the default 2 s initial interval becomes 1 s) and the points run side by side.
import type { Client } from '@temporalio/client';
import { DEFAULT_POLLING_POLICY, type ExportStatus, type PollingPolicy } from '@crs-export/contracts';
import type { CrsSimulator } from '@crs-export/crs-simulator';
import { targetsOf, type TargetGroup } from './bench-scenario';
import { callsByExport, meanCallsByAction, simulatorTasks } from './crs-calls';
import { summarize, type Distribution } from './percentiles';
import { startExportWorkflow } from './workflow-runs';

export interface PollingCostPlan {
  /** Simulated task durations, in seconds (before scaling). */
  durationsSeconds: number[];
  /** Durations and the poll schedule are divided by this (at most 2: see above). */
  timeScale: number;
  exportsPerPoint: number;
  /** Polls of the "many polls" export, one a second (the server's shortest retry interval). */
  manyPolls: number;
}

export interface PollingCostOptions extends PollingCostPlan {
  client: Client;
  taskQueue: string;
  simulator: CrsSimulator;
  log: (line: string) => void;
}

export interface PollingPoint {
  label: string;
  /** Task duration as simulated (seconds), and as it ran (ms of real time). */
  simulatedSeconds: number;
  realDurationMs: number;
  policy: PollingPolicy;
  exports: number;
  succeeded: number;
  /** DescribeTaskInfo calls per export, as the workflow counted them. */
  polls: Distribution;
  /** The polls an ideal clock would make on this schedule (first poll at 0, then the backoff, until done). */
  modelPolls: number;
  crsCallsPerExport: Distribution;
  callsByAction: Record<string, number>;
  historyEventsPerExport: Distribution;
  wallMs: Distribution;
}

export interface PollingCostResult {
  timeScale: number;
  curve: PollingPoint[];
  /** History of an export that polled once against one that polled 100+ times. */
  historyComparison: { onePoll: PollingPoint; manyPolls: PollingPoint; sameHistory: boolean };
}

/** Polls on an exact clock: at 0, then after initial, initial x coefficient, ... (capped), until t >= duration. */
export function modelPollCount(
  durationMs: number,
  policy: Pick<PollingPolicy, 'initialIntervalMs' | 'backoffCoefficient' | 'maximumIntervalMs'>,
): number {
  let at = 0;
  let interval = policy.initialIntervalMs;
  let polls = 1;
  while (at < durationMs && polls < 1_000_000) {
    at += interval;
    interval = Math.min(interval * policy.backoffCoefficient, policy.maximumIntervalMs);
    polls += 1;
  }
  return polls;
}

/** One poll a second, no backoff: the quickest schedule the server keeps to. */
const EVERY_SECOND: PollingPolicy = {
  initialIntervalMs: 1000,
  backoffCoefficient: 1,
  maximumIntervalMs: 1000,
  deadlineMs: 60 * 60_000,
};

function scaledPolicy(scale: number): PollingPolicy {
  return {
    initialIntervalMs: DEFAULT_POLLING_POLICY.initialIntervalMs / scale,
    backoffCoefficient: DEFAULT_POLLING_POLICY.backoffCoefficient,
    maximumIntervalMs: DEFAULT_POLLING_POLICY.maximumIntervalMs / scale,
    deadlineMs: DEFAULT_POLLING_POLICY.deadlineMs / scale,
  };
}

/** Scenario groups this benchmark needs (codes q0.., h1, h2). */
export function pollingCostGroups(plan: PollingCostPlan): TargetGroup[] {
  return [
    ...plan.durationsSeconds.map((seconds, i) => ({
      code: `q${i}`,
      count: plan.exportsPerPoint,
      exportDurationMs: Math.round((seconds * 1000) / plan.timeScale),
    })),
    { code: 'h1', count: plan.exportsPerPoint, exportDurationMs: 0 },
    // Done half a second before the poll at manyPolls s: about manyPolls polls (measured: one fewer than the model).
    {
      code: 'h2',
      count: plan.exportsPerPoint,
      exportDurationMs: plan.manyPolls * EVERY_SECOND.initialIntervalMs - 500,
    },
  ];
}

async function runPoint(
  options: PollingCostOptions,
  group: TargetGroup,
  label: string,
  simulatedSeconds: number,
  policy: PollingPolicy,
): Promise<PollingPoint> {
  const targets = targetsOf(group);
  const outcomes = await Promise.all(
    targets.map(async (target) => {
      const started = performance.now();
      const handle = await startExportWorkflow(options.client, options.taskQueue, target, policy);
      const status = (await handle.result()) as ExportStatus;
      const wallMs = performance.now() - started;
      const { historyLength } = await handle.describe();
      return { status, wallMs, historyLength };
    }),
  );
  const redisIds = new Set(targets.map((target) => target.redisId));
  const byExport = callsByExport(options.simulator.calls(), simulatorTasks(options.simulator), redisIds);
  const point: PollingPoint = {
    label,
    simulatedSeconds,
    realDurationMs: group.exportDurationMs,
    policy,
    exports: targets.length,
    succeeded: outcomes.filter((outcome) => outcome.status.state === 'SUCCEEDED').length,
    polls: summarize(outcomes.map((outcome) => outcome.status.polls)),
    modelPolls: modelPollCount(group.exportDurationMs, policy),
    crsCallsPerExport: summarize(targets.map((target) => byExport.get(target.redisId)?.total ?? 0)),
    callsByAction: meanCallsByAction(byExport, targets.length),
    historyEventsPerExport: summarize(outcomes.map((outcome) => outcome.historyLength)),
    wallMs: summarize(
      outcomes.map((outcome) => outcome.wallMs),
      0,
    ),
  };
  options.log(
    `polling ${label}: polls p50 ${point.polls.p50} (model ${point.modelPolls}), CRS calls p50 ${point.crsCallsPerExport.p50}, ` +
      `history p50 ${point.historyEventsPerExport.p50} (min ${point.historyEventsPerExport.min}, max ${point.historyEventsPerExport.max})`,
  );
  return point;
}

export async function runPollingCost(options: PollingCostOptions): Promise<PollingCostResult> {
  if (options.timeScale > 2)
    throw new Error(`time scale ${options.timeScale} would ask for retries under the server's 1 s floor`);
  const groups = pollingCostGroups(options);
  const policy = scaledPolicy(options.timeScale);
  // Side by side: a handful of exports barely load the worker, and the longest point sets the wall time.
  const curveRuns = options.durationsSeconds.map((seconds, i) =>
    runPoint(options, groups[i] as TargetGroup, `${seconds} s task`, seconds, policy),
  );
  const oneGroup = groups[groups.length - 2] as TargetGroup;
  const manyGroup = groups[groups.length - 1] as TargetGroup;
  const onePollRun = runPoint(options, oneGroup, 'done at the first poll', 0, EVERY_SECOND);
  const manyPollsRun = runPoint(
    options,
    manyGroup,
    `running through ${options.manyPolls} polls`,
    manyGroup.exportDurationMs / 1000,
    EVERY_SECOND,
  );
  const [curve, onePoll, manyPolls] = await Promise.all([Promise.all(curveRuns), onePollRun, manyPollsRun]);
  const histories = [onePoll, manyPolls].flatMap((point) => [
    point.historyEventsPerExport.min,
    point.historyEventsPerExport.max,
  ]);
  return {
    timeScale: options.timeScale,
    curve: curve.map((point, i) => ({
      ...point,
      simulatedSeconds: options.durationsSeconds[i] ?? point.simulatedSeconds,
    })),
    historyComparison: { onePoll, manyPolls, sameHistory: histories.every((events) => events === histories[0]) },
  };
}
