// A batch: one child export per instance of a fleet, at most N at a time, with counts by state, each failure,
// and (for a schedule's run) the pruning of old archives. One definition for the API, the workflow and the CLI.
import type { ExportState } from './export-state';
import type { ExportError } from './export-status';
import type { NewBackupOptions, NotifySettings, PollingPolicy } from './export-target';

/** Which instances: a list, or a region filtered by product type, name and tags (DescribeInstances, paged). */
export type InstanceSelector =
  | { region: string; redisIds: string[] }
  | {
      region: string;
      /** cluster or standard; absent: both. */
      architecture?: 'cluster' | 'standard';
      /** A substring of the instance name, or a glob with `*` (`orders-*`). */
      name?: string;
      /** Every tag given must be on the instance with that value. */
      tags?: Record<string, string>;
    };

/** Keep the last N complete archives and/or those of the last D days, per instance (libs/retention). */
export interface RetentionPolicy {
  keepLast?: number;
  keepDays?: number;
  /** List what would be deleted, delete nothing. */
  dryRun?: boolean;
}

export interface BatchInput {
  selector: InstanceSelector;
  /** Which backup of each instance: the newest downloadable one, or a new one. */
  backup: 'latest' | 'new';
  newBackup?: NewBackupOptions;
  destination?: string;
  /** Child exports at once (default 10). */
  concurrency?: number;
  polling?: Partial<PollingPolicy>;
  /** Archives to prune after a successful run (needs a destination). */
  retention?: RetentionPolicy;
  /** Webhook endpoints told when the batch (or the schedule's run) ends. */
  notify?: NotifySettings;
  /** Webhook endpoints told when each of its exports ends (e.g. `on: ['FAILED']`); absent: none. */
  notifyExports?: NotifySettings;
  /** The schedule whose run this is, if any (its events say schedule.run.*). */
  scheduleId?: string;
}

export const BATCH_STATES = ['RESOLVING', 'RUNNING', 'PRUNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** One child that did not succeed: enough to act on without opening it. */
export interface BatchFailure {
  redisId: string;
  exportId: string;
  state: ExportState;
  error: Pick<ExportError, 'code' | 'name' | 'message'> | null;
}

/** One archive pruning looked at: where it is and why it went or stayed. */
export interface RetentionEntry {
  redisId: string;
  location: string;
  reason: string;
}

/**
 * What pruning did (libs/retention's report): the archives deleted (in a dry run: that would be) and kept, each
 * with its reason, and those whose deletion failed. Each list keeps its first MAX_RETENTION_ENTRIES; the counts
 * are the whole.
 */
export interface RetentionReport {
  dryRun: boolean;
  /** The policy in words. */
  policy: string;
  deleted: RetentionEntry[];
  kept: RetentionEntry[];
  failed: { redisId: string; location: string; error: string }[];
  counts: { deleted: number; kept: number; failed: number };
}

export const MAX_RETENTION_ENTRIES = 500;
/** Failures a batch lists (the rest are counted; GET /batches/{id}?state=FAILED pages through all). */
export const MAX_BATCH_FAILURES = 1000;

export interface BatchStatus {
  batchId: string;
  state: BatchState;
  selector: InstanceSelector;
  backup: 'latest' | 'new';
  destination: string | null;
  scheduleId: string | null;
  /** Instances the selector resolved to (null while resolving). */
  total: number | null;
  /**
   * Children by state: PENDING not started yet, RUNNING started and not finished, the rest by how they ended.
   * (GET /batches/{id} lists each child with its live ExportState.)
   */
  counts: Partial<Record<'PENDING' | 'RUNNING' | ExportState, number>>;
  /** Each child that did not succeed, up to MAX_BATCH_FAILURES; failuresOmitted counts the rest. */
  failures: BatchFailure[];
  failuresOmitted: number;
  retention: RetentionReport | null;
  /** Why the batch itself failed (resolving the instances), not one of its children. */
  error: ExportError | null;
  startedAt: string;
  finishedAt: string | null;
}

export const BATCH_ID_PREFIX = 'batch-';

export function isTerminalBatchState(state: BatchState): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

/** A batch as it stands before it has resolved its instances: what its start knows (client and workflow alike). */
export function initialBatchStatus(batchId: string, input: BatchInput, startedAt: string): BatchStatus {
  return {
    batchId,
    state: 'RESOLVING',
    selector: input.selector,
    backup: input.backup,
    destination: input.destination ?? null,
    scheduleId: input.scheduleId ?? null,
    total: null,
    counts: {},
    failures: [],
    failuresOmitted: 0,
    retention: null,
    error: null,
    startedAt,
    finishedAt: null,
  };
}
