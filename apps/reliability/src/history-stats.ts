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
