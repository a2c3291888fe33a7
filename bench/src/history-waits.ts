// What a workflow's history says about dispatch: its workflow tasks and activity tasks, and how long each
// waited between scheduled and started (server clock). An activity handed out eagerly in the response to
// the workflow task that scheduled it starts within a millisecond or so; one matched through the task queue
// waits for a poll.

/** temporal.api.enums.v1.EventType values used here. */
const WORKFLOW_TASK_SCHEDULED = 5;
const WORKFLOW_TASK_STARTED = 6;
const ACTIVITY_TASK_SCHEDULED = 10;
const ACTIVITY_TASK_STARTED = 11;

export interface HistoryEventTimes {
  eventId?: unknown;
  eventType?: number | null;
  eventTime?: { seconds?: unknown; nanos?: number | null } | null;
  workflowTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: unknown; attempt?: number | null } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
}

export interface TaskWait {
  kind: 'workflow' | 'activity';
  /** The activity type, or `workflow task`. */
  name: string;
  /** Attempt of the activity that was started (the last one: a retried activity's history records one start). */
  attempt: number;
  waitMs: number;
}

export interface DispatchSummary {
  workflowTasks: number;
  activityTasks: number;
  workflowTaskWaitMs: number;
  activityTaskWaitMs: number;
  /** Activity starts within `eagerBelowMs` of their scheduling: dispatched eagerly (or as good as). */
  immediateActivityStarts: number;
  tasks: TaskWait[];
}

function eventMs(event: HistoryEventTimes): number {
  return Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
}

export function dispatchSummary(events: readonly HistoryEventTimes[], eagerBelowMs = 2): DispatchSummary {
  const scheduled = new Map<string, { at: number; name: string }>();
  const tasks: TaskWait[] = [];
  for (const event of events) {
    const type = event.eventType ?? 0;
    if (type === WORKFLOW_TASK_SCHEDULED)
      scheduled.set(String(event.eventId), { at: eventMs(event), name: 'workflow task' });
    if (type === ACTIVITY_TASK_SCHEDULED)
      scheduled.set(String(event.eventId), {
        at: eventMs(event),
        name: event.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity',
      });
    if (type === WORKFLOW_TASK_STARTED || type === ACTIVITY_TASK_STARTED) {
      const attributes =
        type === WORKFLOW_TASK_STARTED
          ? event.workflowTaskStartedEventAttributes
          : event.activityTaskStartedEventAttributes;
      const from = scheduled.get(String(attributes?.scheduledEventId));
      if (!from) continue;
      tasks.push({
        kind: type === WORKFLOW_TASK_STARTED ? 'workflow' : 'activity',
        name: from.name,
        attempt: event.activityTaskStartedEventAttributes?.attempt ?? 1,
        waitMs: eventMs(event) - from.at,
      });
    }
  }
  const sum = (kind: TaskWait['kind']): number =>
    tasks.filter((task) => task.kind === kind).reduce((total, task) => total + task.waitMs, 0);
  return {
    workflowTasks: tasks.filter((task) => task.kind === 'workflow').length,
    activityTasks: tasks.filter((task) => task.kind === 'activity').length,
    workflowTaskWaitMs: sum('workflow'),
    activityTaskWaitMs: sum('activity'),
    immediateActivityStarts: tasks.filter(
      (task) => task.kind === 'activity' && task.attempt === 1 && task.waitMs < eagerBelowMs,
    ).length,
    tasks,
  };
}
