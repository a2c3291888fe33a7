// Attributes the simulator's call log to exports: by redisId, and DescribeTaskInfo through its task id.
import type { CallRecord, CrsSimulator } from '@crs-export/crs-simulator';

export interface SimTaskView {
  requestId: number;
  redisId: string;
  backupId: string | null;
  createdAt: number;
  durationMs: number;
  status: number;
}

export interface ExportCalls {
  total: number;
  byAction: Record<string, number>;
  /** Simulated-clock time of the last DescribeTaskInfo call (the one that saw the task done), epoch ms. */
  lastPollAt: number | null;
}

/** The simulator's export tasks, as `GET /_sim/state` shows them. */
export function simulatorTasks(simulator: CrsSimulator): SimTaskView[] {
  return (simulator.state().tasks as SimTaskView[]).filter((task) => task.backupId !== null);
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
    const redisId = call.params['redisId'] ?? redisOfTask.get(call.params['requestId'] ?? '');
    if (redisId === undefined || !redisIds.has(redisId)) continue;
    let entry = byExport.get(redisId);
    if (!entry) {
      entry = { total: 0, byAction: {}, lastPollAt: null };
      byExport.set(redisId, entry);
    }
    entry.total += 1;
    entry.byAction[call.action] = (entry.byAction[call.action] ?? 0) + 1;
    if (call.action === 'DescribeTaskInfo') entry.lastPollAt = Date.parse(call.time);
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
    Object.entries(totals).map(([action, count]) => [action, Number((count / exports).toFixed(2))]),
  );
}
