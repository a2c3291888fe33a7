// Attributes the simulator's call log to exports: 3.0 calls by their InstanceId, DescribeTaskInfo by its
// TaskId's instance.
import type { CallRecord, CrsSimulator } from '@crs-export/crs-simulator';

export interface SimTaskView {
  requestId: number;
  kind: 'exportBackup' | 'backupInstance';
  redisId: string;
  backupId: string | null;
  /** Simulated clock, epoch ms. */
  createdAt: number;
  durationMs: number;
  status: number | string;
}

export interface ExportCalls {
  total: number;
  byAction: Record<string, number>;
  /** Simulated-clock time of the last poll (DescribeTaskInfo or DescribeBackupUrl): the one that saw it done. */
  lastPollAt: number | null;
}

const POLL_ACTIONS = new Set(['DescribeTaskInfo', 'DescribeBackupUrl']);

/** The simulator's tasks (RDB conversions and ManualBackupInstance), as `GET /_sim/state` shows them. */
export function simulatorTasks(simulator: CrsSimulator): SimTaskView[] {
  return simulator.state().tasks as SimTaskView[];
}

/** Calls per redisId, for the redisIds given. */
export function callsByExport(
  calls: readonly CallRecord[],
  tasks: readonly SimTaskView[],
  redisIds: ReadonlySet<string>,
): Map<string, ExportCalls> {
  const redisOfTask = new Map(tasks.map((task) => [String(task.requestId), task.redisId]));
  const byExport = new Map<string, ExportCalls>();
  for (const call of calls) {
    if (call.action === 'download') continue;
    const redisId = call.params['InstanceId'] ?? redisOfTask.get(call.params['TaskId'] ?? '');
    if (redisId === undefined || !redisIds.has(redisId)) continue;
    let entry = byExport.get(redisId);
    if (!entry) {
      entry = { total: 0, byAction: {}, lastPollAt: null };
      byExport.set(redisId, entry);
    }
    entry.total += 1;
    entry.byAction[call.action] = (entry.byAction[call.action] ?? 0) + 1;
    if (POLL_ACTIONS.has(call.action)) entry.lastPollAt = Date.parse(call.time);
  }
  return byExport;
}

/** Mean calls per export of each action over the exports given. */
export function meanCallsByAction(byExport: ReadonlyMap<string, ExportCalls>, exports: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const entry of byExport.values()) {
    for (const [action, count] of Object.entries(entry.byAction)) totals[action] = (totals[action] ?? 0) + count;
  }
  return Object.fromEntries(
    Object.entries(totals).map(([action, count]) => [action, Number((count / Math.max(1, exports)).toFixed(2))]),
  );
}
