// Dispatch waits read from a history: workflow tasks and activity tasks, scheduled to started.
import { describe, expect, it } from 'vitest';
import { dispatchSummary, type HistoryEventTimes } from './history-waits';

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

const EVENTS: HistoryEventTimes[] = [
  { eventId: 1, eventType: 1, eventTime: at(10_000) },
  { eventId: 2, eventType: 5, eventTime: at(10_000) },
  { eventId: 3, eventType: 6, eventTime: at(10_030), workflowTaskStartedEventAttributes: { scheduledEventId: 2 } },
  { eventId: 4, eventType: 7, eventTime: at(10_040) },
  {
    eventId: 5,
    eventType: 10,
    eventTime: at(10_040),
    activityTaskScheduledEventAttributes: { activityType: { name: 'validateExport' } },
  },
  {
    eventId: 6,
    eventType: 11,
    eventTime: at(10_040),
    activityTaskStartedEventAttributes: { scheduledEventId: 5, attempt: 1 },
  },
  {
    eventId: 8,
    eventType: 10,
    eventTime: at(10_100),
    activityTaskScheduledEventAttributes: { activityType: { name: 'fetchDownloadUrls' } },
  },
  {
    eventId: 9,
    eventType: 11,
    eventTime: at(12_100),
    activityTaskStartedEventAttributes: { scheduledEventId: 8, attempt: 3 },
  },
];

describe('dispatchSummary', () => {
  it('pairs each started task with its scheduling and measures the wait', () => {
    const summary = dispatchSummary(EVENTS);
    expect(summary.workflowTasks).toBe(1);
    expect(summary.activityTasks).toBe(2);
    expect(summary.workflowTaskWaitMs).toBeCloseTo(30);
    expect(summary.activityTaskWaitMs).toBeCloseTo(2000);
    expect(summary.tasks.map((task) => [task.name, task.attempt])).toEqual([
      ['workflow task', 1],
      ['validateExport', 1],
      ['fetchDownloadUrls', 3],
    ]);
  });

  it('counts as immediate only first attempts that started at once (eager dispatch)', () => {
    expect(dispatchSummary(EVENTS).immediateActivityStarts).toBe(1);
  });
});
