// Plain-script pollers of a Tencent task on a held clock: an export of a `new` backup (the activities' calls
// in order: DescribeInstances, ManualBackupInstance, DescribeTaskInfo until the task ends, then the new
// backup's lookup, its detail and DescribeBackupUrl) against a simulator whose clock moves only when told to.
// Instead of sleeping, a poller advances the simulated clock by its interval, and by each call's own duration;
// so a 10,000 s task costs milliseconds, and the calls and the lag are exactly those of the schedule.
// The predictive pollers make the product's calls (the instance's recent backups first, no second
// DescribeInstances) and run the product's own schedule (contracts' poll-schedule.ts), as the poll activity does.
import {
  DEFAULT_POLLING_POLICY,
  expectedBackupDurationMs,
  pollStepNow,
  retryInAfterRunning,
  type CrsBackend,
} from '@crs-export/contracts';
import { ManualClock, startCrsSimulator } from '@crs-export/crs-simulator';
import { benchScenario, BENCH_REGION, redisIdOf, type TargetGroup } from './bench-scenario';
import { callsByExport, simulatorTasks } from './crs-calls';
import { FIXED_10S, intervalAfter, type PollSchedule } from './poll-schedule';
import { scriptBackend } from './script-backend';

export type PollerName =
  | 'tccli --waiter (10 s)'
  | 'same poller, project backoff'
  | 'predictive (project schedule)'
  | 'predictive, no history (first backup)'
  | 'predictive, estimate 30% short';

interface ScriptPoller {
  name: PollerName;
  /** Two-letter group codes start with it. */
  code: string;
  schedule: PollSchedule;
  /** The project's predictive schedule, from the instance's backup list. */
  predictive: boolean;
  /** The seeded backup's duration as a share of the task's (absent: as long), or no backup at all. */
  history?: number | 'none';
}

export const SCRIPT_POLLERS: readonly ScriptPoller[] = [
  { name: 'tccli --waiter (10 s)', code: 'f', schedule: FIXED_10S, predictive: false },
  { name: 'same poller, project backoff', code: 'b', schedule: DEFAULT_POLLING_POLICY, predictive: false },
  { name: 'predictive (project schedule)', code: 'p', schedule: DEFAULT_POLLING_POLICY, predictive: true },
  {
    name: 'predictive, no history (first backup)',
    code: 'n',
    schedule: DEFAULT_POLLING_POLICY,
    predictive: true,
    history: 'none',
  },
  {
    name: 'predictive, estimate 30% short',
    code: 's',
    schedule: DEFAULT_POLLING_POLICY,
    predictive: true,
    history: 0.7,
  },
];

export interface PollerPoint {
  poller: PollerName | 'workflow';
  taskSeconds: number;
  schedule: PollSchedule;
  exports: number;
  /** DescribeTaskInfo calls per export (median). */
  polls: number;
  /** Every CRS call per export (median), and by action (mean). */
  crsCalls: number;
  callsByAction: Record<string, number>;
  /** Task end to the export done (URLs in hand / SUCCEEDED), in seconds of the task's clock (median, max). */
  endLagSeconds: number;
  endLagMaxSeconds: number;
  /** How the point was measured. */
  clock: 'held (simulated)' | 'real (time-scaled)';
}

async function exportNewBackup(
  clock: ManualClock,
  backend: CrsBackend,
  redisId: string,
  poller: ScriptPoller,
): Promise<{ finishedAt: number }> {
  const { schedule } = poller;
  const tick = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await call();
    clock.advance(Math.max(1, Math.round(performance.now() - started)));
    return result;
  };
  const target = { redisId, backupId: 'new', region: BENCH_REGION };
  if (!(await tick(() => backend.findInstance(target)))?.running) throw new Error(`no running instance ${redisId}`);
  const startedAfter = new Date(clock.now() - 10 * 60_000).toISOString();
  const remark = `bench ${redisId}`;
  const listRecent = poller.predictive ? backend.recentBackups?.bind(backend) : undefined;
  const recent = listRecent ? await tick(() => listRecent(target)) : [];
  const expectedDurationMs = poller.predictive ? expectedBackupDurationMs(recent) : null;
  const { taskId } = await tick(() => backend.createBackup(target, { remark }));
  const taskStartedAtMs = clock.now();
  const pollClock = () => ({ expectedDurationMs, taskStartedAtMs, nowMs: clock.now() });
  for (let poll = 1; ; poll += 1) {
    // The activity's attempt: no call before the estimate is due.
    const step = pollStepNow(pollClock());
    if (!step.call) {
      clock.advance(step.retryInMs);
      continue;
    }
    const progress = await tick(() => backend.describeTask({ region: BENCH_REGION, taskId }));
    if (progress.state === 'succeeded') break;
    if (progress.state !== 'pending') throw new Error(`task ${taskId} ended ${progress.tencentStatus}`);
    if (poll >= 100_000) throw new Error(`task ${taskId} still running after ${poll} polls`);
    // Without an estimate the retry policy's backoff, as the activity leaves it to Temporal.
    clock.advance(retryInAfterRunning(pollClock(), DEFAULT_POLLING_POLICY) ?? intervalAfter(poll, schedule));
  }
  const backup = await tick(() => backend.findCreatedBackup(target, { remark, startedAfter }));
  if (!backup) throw new Error(`the backup of task ${taskId} is not listed`);
  const ref = { ...target, backupId: backup.backupId };
  // The product hands validation's facts of the instance on; a plain script reads the instance again.
  if (!poller.predictive) await tick(() => backend.findInstance(target));
  await tick(() => backend.backupDetail(ref));
  const files = await tick(() => backend.backupFiles(ref));
  if (!files.ready) throw new Error(`the files of ${backup.backupId} are not ready`);
  return { finishedAt: clock.now() };
}

export async function runHeldClockPollers(durationsSeconds: readonly number[]): Promise<PollerPoint[]> {
  const clock = new ManualClock(Date.now());
  const groups: TargetGroup[] = SCRIPT_POLLERS.flatMap((poller) =>
    durationsSeconds.map((seconds, d) => ({
      // f0, f1, ... for the fixed poller; b0, b1, ... for the backoff one; p, n, s for the predictive ones.
      code: `${poller.code}${d}`,
      count: 1,
      exportDurationMs: 0,
      backupDurationMs: seconds * 1000,
      architecture: 'standard' as const,
      ...(poller.history === 'none' ? { backupHistory: 'none' as const } : {}),
      ...(typeof poller.history === 'number'
        ? { backupHistory: { lastedMs: Math.round(seconds * 1000 * poller.history) } }
        : {}),
    })),
  );
  const sim = await startCrsSimulator({
    port: 0,
    clock,
    // Rate limits count calls per second of the wall clock; on a held clock a poller makes in milliseconds the
    // calls of hours, so neither side applies them here.
    scenario: benchScenario(groups, { now: clock.now(), clusterConversion: 'none', enforceRateLimits: false }),
  });
  const backend = scriptBackend({ simulator: sim, rateLimits: 'off', now: () => sim.clock.now() });
  const points: PollerPoint[] = [];
  try {
    for (const [p, poller] of SCRIPT_POLLERS.entries()) {
      for (const [d, seconds] of durationsSeconds.entries()) {
        const group = groups[p * durationsSeconds.length + d] as TargetGroup;
        const redisId = redisIdOf(group.code, 0);
        const { finishedAt } = await exportNewBackup(clock, backend, redisId, poller);
        const task = simulatorTasks(sim).find((t) => t.kind === 'backupInstance' && t.redisId === redisId);
        if (!task) throw new Error(`no backup task of ${redisId} in the simulator`);
        const calls = callsByExport(sim.calls({ api: 'v3' }), simulatorTasks(sim), new Set([redisId])).get(redisId);
        const lag = (finishedAt - (task.createdAt + task.durationMs)) / 1000;
        points.push({
          poller: poller.name,
          taskSeconds: seconds,
          schedule: poller.schedule,
          exports: 1,
          polls: calls?.byAction['DescribeTaskInfo'] ?? 0,
          crsCalls: calls?.total ?? 0,
          callsByAction: calls?.byAction ?? {},
          endLagSeconds: Number(lag.toFixed(1)),
          endLagMaxSeconds: Number(lag.toFixed(1)),
          clock: 'held (simulated)',
        });
      }
    }
  } finally {
    backend.close();
    await sim.close();
  }
  return points;
}
