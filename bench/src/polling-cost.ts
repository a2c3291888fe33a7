// Benchmark 4: what waiting for a Tencent task costs as it runs longer: CRS calls per export and the lag
// from the task's end to the export done, for tasks of 10 s to 10,000 s, in one run:
// - plain-script pollers on a held simulator clock (held-clock-pollers.ts): a fixed 10 s interval like tccli's
//   `--waiter`, the same poller with the project's backoff, and the project's predictive schedule (with the
//   instance's history, without any, and with an estimate 30% short); exact, and a 10,000 s task takes no time;
// - the workflow itself (exports of `new` backups through the worker, as shipped: predictive polling from the
//   instance's earlier backup), in real time, its poll policy, the task and its history divided by `timeScale`
//   (at most 2: Temporal retries an activity no sooner than about 1 s after a failure, so the 2 s initial
//   interval cannot shrink further), for the durations that fit in the run.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLLING_POLICY, type ExportStatus, type PollingPolicy } from '@crs-export/contracts';
import type { CrsSimulator } from '@crs-export/crs-simulator';
import { redisIdOf, type TargetGroup } from './bench-scenario';
import { callsByExport, meanCallsByAction, simulatorTasks } from './crs-calls';
import { runHeldClockPollers, type PollerPoint } from './held-clock-pollers';
import { summarize } from './percentiles';
import { callBudget } from './poll-schedule';
import { startExportWorkflow } from './workflow-runs';

export interface PollingCostPlan {
  /** Task durations of the script pollers (held clock), seconds. */
  durationsSeconds: number[];
  /** Task durations the workflow runs in real time (divided by timeScale), seconds. */
  workflowDurationsSeconds: number[];
  timeScale: number;
  exportsPerPoint: number;
}

export interface PollingCostResult {
  timeScale: number;
  points: PollerPoint[];
  /** Per task duration: the budget, 5 + log2(T / 2 s) calls, and 10% of T as the end lag. */
  budgets: { taskSeconds: number; calls: number; endLagSeconds: number }[];
}

/** Groups of the workflow's points in a scenario: standard instances whose ManualBackupInstance takes T. */
export function pollingWorkflowGroups(plan: PollingCostPlan): TargetGroup[] {
  return plan.workflowDurationsSeconds.map((seconds, i) => ({
    code: `q${i}`,
    count: plan.exportsPerPoint,
    exportDurationMs: 0,
    backupDurationMs: Math.round((seconds * 1000) / plan.timeScale),
    architecture: 'standard' as const,
  }));
}

function scaledPolicy(scale: number): PollingPolicy {
  return {
    initialIntervalMs: DEFAULT_POLLING_POLICY.initialIntervalMs / scale,
    backoffCoefficient: DEFAULT_POLLING_POLICY.backoffCoefficient,
    maximumIntervalMs: DEFAULT_POLLING_POLICY.maximumIntervalMs / scale,
    deadlineMs: DEFAULT_POLLING_POLICY.deadlineMs / scale,
  };
}

export interface WorkflowPollingOptions {
  client: Client;
  taskQueue: string;
  simulator: CrsSimulator;
  plan: PollingCostPlan;
  log: (line: string) => void;
}

async function workflowPoint(
  options: WorkflowPollingOptions,
  group: TargetGroup,
  seconds: number,
): Promise<PollerPoint> {
  const { plan, simulator } = options;
  const policy = scaledPolicy(plan.timeScale);
  const redisIds = Array.from({ length: group.count }, (_, i) => redisIdOf(group.code, i));
  const handles: WorkflowHandle[] = await Promise.all(
    redisIds.map((redisId) =>
      startExportWorkflow(options.client, options.taskQueue, { redisId, backupId: 'new', region: 'gz' }, policy),
    ),
  );
  const closes = await Promise.all(
    handles.map(async (handle) => {
      const status = (await handle.result()) as ExportStatus;
      if (status.state !== 'SUCCEEDED') throw new Error(`${handle.workflowId} ended ${status.state}`);
      return (await handle.describe()).closeTime?.getTime() ?? Number.NaN;
    }),
  );
  const tasks = simulatorTasks(simulator);
  const byExport = callsByExport(simulator.calls({ api: 'v3' }), tasks, new Set(redisIds));
  const lags = redisIds.map((redisId, i) => {
    const task = tasks.find((t) => t.kind === 'backupInstance' && t.redisId === redisId);
    return task
      ? (((closes[i] ?? Number.NaN) - (task.createdAt + task.durationMs)) * plan.timeScale) / 1000
      : Number.NaN;
  });
  const lag = summarize(lags, 1);
  const point: PollerPoint = {
    poller: 'workflow',
    taskSeconds: seconds,
    schedule: DEFAULT_POLLING_POLICY,
    exports: redisIds.length,
    polls: summarize(redisIds.map((id) => byExport.get(id)?.byAction['DescribeTaskInfo'] ?? 0)).p50,
    crsCalls: summarize(redisIds.map((id) => byExport.get(id)?.total ?? 0)).p50,
    callsByAction: meanCallsByAction(byExport, redisIds.length),
    endLagSeconds: lag.p50,
    endLagMaxSeconds: lag.max,
    clock: 'real (time-scaled)',
  };
  options.log(
    `polling, workflow, ${seconds} s task: ${point.crsCalls} calls (${point.polls} polls), end lag ${point.endLagSeconds} s`,
  );
  return point;
}

export async function runWorkflowPolling(options: WorkflowPollingOptions): Promise<PollerPoint[]> {
  const { plan } = options;
  if (plan.timeScale > 2)
    throw new Error(`time scale ${plan.timeScale} would ask for retries under the server's 1 s floor`);
  const groups = pollingWorkflowGroups(plan);
  // Side by side: a handful of exports barely load the worker, and the longest point sets the wall time.
  return Promise.all(
    plan.workflowDurationsSeconds.map((seconds, i) => workflowPoint(options, groups[i] as TargetGroup, seconds)),
  );
}

export async function runPollingCost(options: WorkflowPollingOptions): Promise<PollingCostResult> {
  const scripts = await runHeldClockPollers(options.plan.durationsSeconds);
  for (const point of scripts)
    options.log(
      `polling, ${point.poller}, ${point.taskSeconds} s task: ${point.crsCalls} calls (${point.polls} polls), end lag ${point.endLagSeconds} s`,
    );
  const workflow = await runWorkflowPolling(options);
  const all = [...new Set([...options.plan.durationsSeconds, ...options.plan.workflowDurationsSeconds])].sort(
    (a, b) => a - b,
  );
  return {
    timeScale: options.plan.timeScale,
    points: [...workflow, ...scripts],
    budgets: all.map((taskSeconds) => ({
      taskSeconds,
      calls: Number(callBudget(taskSeconds).toFixed(1)),
      endLagSeconds: taskSeconds / 10,
    })),
  };
}
