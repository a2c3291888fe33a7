// A schedule: a Temporal Schedule whose every run is one batch (exportBatch), with a cron or interval spec
// in a time zone, an overlap policy, a catch-up window and jitter. One definition for the API, client and CLI.
import type { BatchInput } from './batch';

/** What Temporal does when a run is due while the last one still runs (default SKIP). */
export const SCHEDULE_OVERLAP_POLICIES = [
  'SKIP',
  'BUFFER_ONE',
  'BUFFER_ALL',
  'CANCEL_OTHER',
  'TERMINATE_OTHER',
  'ALLOW_ALL',
] as const;
export type ScheduleOverlapPolicy = (typeof SCHEDULE_OVERLAP_POLICIES)[number];

/** `30s`, `10m`, `6h`, `1d` (also `1500ms`): the durations a schedule takes. */
export const SCHEDULE_DURATION_PATTERN = /^[1-9][0-9]{0,8}(ms|s|m|h|d)$/;
const DURATION_UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMsOf(text: string): number {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`${JSON.stringify(text)} is not a duration such as 30s, 10m, 6h or 1d`);
  return Number(match[1]) * DURATION_UNIT_MS[match[2] as keyof typeof DURATION_UNIT_MS];
}

/** When runs are due: cron expressions and/or an interval, in a time zone. */
export interface ScheduleSpec {
  /** Standard 5-field cron (`0 3 * * *`), evaluated in timeZone. */
  cron: string[];
  /** Every so long (`24h`), from the epoch plus offset. */
  every: string | null;
  offset: string | null;
  /** IANA time zone; default SCHEDULE_TIME_ZONE (Asia/Shanghai: Tencent's times are Beijing time). */
  timeZone: string;
  /** Each run starts up to this much later than due, at random (spreads many schedules' load). */
  jitter: string | null;
}

export interface SchedulePolicy {
  overlap: ScheduleOverlapPolicy;
  /** After an outage, runs missed within this window still start (default 1h; at least 10s). */
  catchupWindow: string;
  /** Pause the schedule when a run fails. */
  pauseOnFailure: boolean;
}

/** What each run does: a batch (its scheduleId is set by the schedule). */
export type ScheduledBatch = Omit<BatchInput, 'scheduleId'>;

export interface ScheduleDefinition {
  scheduleId: string;
  spec: ScheduleSpec;
  policy: SchedulePolicy;
  batch: ScheduledBatch;
  /** Why it is paused, or a note on the schedule. */
  note: string | null;
  paused: boolean;
}

export interface ScheduleRun {
  /** The run's batch (GET /batches/{id}). */
  batchId: string;
  scheduledAt: string;
  startedAt: string;
}

export interface ScheduleStatus extends ScheduleDefinition {
  /** The next times a run is due (up to 5). */
  nextRunsAt: string[];
  /** The last runs, newest first (up to 10). */
  recentRuns: ScheduleRun[];
  /** Batches of this schedule that are running now. */
  runningBatchIds: string[];
  createdAt: string;
  updatedAt: string | null;
}

export const SCHEDULE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
