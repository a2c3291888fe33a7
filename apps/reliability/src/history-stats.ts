// Reads workflow histories (fetched through the client) for what the report needs: activity attempts.
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

export interface ActivityAttempts {
  /** Activity executions scheduled (one per call of the workflow, whatever its retries). */
  scheduled: number;
  /** Attempts beyond the first, summed, per activity type: Temporal's retries. */
  retriesByType: Record<string, number>;
}

function idOf(value: unknown): string {
  return String(value ?? '');
}

/** Attempts of each activity from its last ActivityTaskStarted event (retries themselves add no events). */
export function activityAttempts(history: History): ActivityAttempts {
  const typeBySchedule = new Map<string, string>();
  const retriesByType: Record<string, number> = {};
  let scheduled = 0;
  for (const event of history.events ?? []) {
    const scheduledAttributes = event.activityTaskScheduledEventAttributes;
    if (scheduledAttributes) {
      scheduled++;
      typeBySchedule.set(idOf(event.eventId), scheduledAttributes.activityType?.name ?? '?');
    }
    const startedAttributes = event.activityTaskStartedEventAttributes;
    if (startedAttributes) {
      const type = typeBySchedule.get(idOf(startedAttributes.scheduledEventId)) ?? '?';
      retriesByType[type] = (retriesByType[type] ?? 0) + Math.max(0, (startedAttributes.attempt ?? 1) - 1);
    }
  }
  return { scheduled, retriesByType };
}

export function addAttempts(into: ActivityAttempts, more: ActivityAttempts): ActivityAttempts {
  const retriesByType = { ...into.retriesByType };
  for (const [type, retries] of Object.entries(more.retriesByType))
    retriesByType[type] = (retriesByType[type] ?? 0) + retries;
  return { scheduled: into.scheduled + more.scheduled, retriesByType };
}

interface DurationLike {
  seconds?: unknown;
  nanos?: unknown;
}

function millisOf(duration: DurationLike | null | undefined): number | null {
  if (!duration) return null;
  const seconds = Number(String(duration.seconds ?? 0));
  const nanos = Number(duration.nanos ?? 0);
  const ms = seconds * 1000 + Math.round(nanos / 1e6);
  return ms > 0 ? ms : null;
}

/** The time bounds the workflow gave its activities, as the server recorded them when it scheduled them. */
export interface ActivityBounds {
  activities: number;
  /** The longest startToClose or heartbeat timeout: an attempt on a dead worker is noticed within it. */
  longestAttemptTimeoutMs: number;
  /** The shortest scheduleToClose (null: none set): no activity can be retried for longer. */
  shortestScheduleToCloseMs: number | null;
  /** Activity types whose retry policy limits the attempts (maximumAttempts > 0). */
  attemptLimited: string[];
}

export function activityBounds(histories: readonly History[]): ActivityBounds {
  let activities = 0;
  let longestAttemptTimeoutMs = 0;
  let shortestScheduleToCloseMs: number | null = null;
  const attemptLimited = new Set<string>();
  for (const history of histories) {
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (!scheduled) continue;
      activities++;
      for (const timeout of [scheduled.startToCloseTimeout, scheduled.heartbeatTimeout]) {
        longestAttemptTimeoutMs = Math.max(longestAttemptTimeoutMs, millisOf(timeout) ?? 0);
      }
      const scheduleToClose = millisOf(scheduled.scheduleToCloseTimeout);
      if (scheduleToClose !== null)
        shortestScheduleToCloseMs = Math.min(shortestScheduleToCloseMs ?? scheduleToClose, scheduleToClose);
      if ((scheduled.retryPolicy?.maximumAttempts ?? 0) > 0) attemptLimited.add(scheduled.activityType?.name ?? '?');
    }
  }
  return { activities, longestAttemptTimeoutMs, shortestScheduleToCloseMs, attemptLimited: [...attemptLimited] };
}

/** The identities (`pid@host`) of the workers that started workflow and activity tasks of the history. */
export function taskIdentities(history: History): Set<string> {
  const identities = new Set<string>();
  for (const event of history.events ?? []) {
    const identity =
      event.workflowTaskStartedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
    if (identity) identities.add(identity);
  }
  return identities;
}
