// How the workflow calls its activities: short CRS calls retried with backoff, and polls whose retry
// policy IS the polling schedule (one attempt per poll, no history event per poll). No bound but the
// export's deadline ends the retries: an outage of the worker or of Temporal shorter than the deadline
// (one attempt times out, the next one runs once they are back) never fails an export.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import { DEFAULT_POLLING_POLICY, type PollingPolicy } from '@crs-export/contracts';
import type { ExportActivities } from '@crs-export/export-activities';

/**
 * One attempt: a few CRS requests (GetRedisBackupList walks pages); kept under the worker's 30 s shutdown
 * grace. Short on purpose: it is how Temporal notices a worker that died mid-attempt.
 */
const CALL_ATTEMPT_TIMEOUT_MS = 25 * 1000;
/** One poll is one CRS request. */
const POLL_ATTEMPT_TIMEOUT_MS = 15 * 1000;

export function resolvePollingPolicy(overrides: Partial<PollingPolicy> | undefined): PollingPolicy {
  return { ...DEFAULT_POLLING_POLICY, ...overrides };
}

/**
 * Transient CRS errors back off from at most 1 s (less when the polling policy is quicker, as in tests),
 * with unlimited attempts until the export's deadline (at least one whole attempt when a test sets a
 * deadline shorter than that): a fixed bound shorter than the deadline would fail, after a long outage,
 * an export that would otherwise succeed.
 */
export function callActivityOptions(policy: PollingPolicy): ActivityOptions {
  return {
    startToCloseTimeout: CALL_ATTEMPT_TIMEOUT_MS,
    scheduleToCloseTimeout: Math.max(policy.deadlineMs, CALL_ATTEMPT_TIMEOUT_MS),
    retry: {
      initialInterval: Math.min(1000, policy.initialIntervalMs),
      backoffCoefficient: 2,
      maximumInterval: Math.min(30_000, Math.max(policy.maximumIntervalMs, policy.initialIntervalMs)),
    },
  };
}

/** The poll schedule: initial interval, backoff, cap, unlimited attempts (no maximumAttempts), the deadline as ScheduleToClose. */
export function pollActivityOptions(policy: PollingPolicy): ActivityOptions {
  return {
    startToCloseTimeout: Math.min(POLL_ATTEMPT_TIMEOUT_MS, policy.deadlineMs),
    scheduleToCloseTimeout: policy.deadlineMs,
    retry: {
      initialInterval: policy.initialIntervalMs,
      backoffCoefficient: policy.backoffCoefficient,
      maximumInterval: policy.maximumIntervalMs,
    },
  };
}

export interface ExportActivityProxies {
  calls: Pick<ExportActivities, 'validateExport' | 'startExportTask' | 'createBackup'>;
  /** Activities whose "not finished yet" is a retry: task polls, the new backup's lookup, the conversion. */
  polls: Pick<ExportActivities, 'pollExportTask' | 'pollBackupExport' | 'findCreatedBackup' | 'fetchDownloadUrls'>;
}

export function exportActivityProxies(policy: PollingPolicy): ExportActivityProxies {
  return {
    calls: proxyActivities<ExportActivities>(callActivityOptions(policy)),
    polls: proxyActivities<ExportActivities>(pollActivityOptions(policy)),
  };
}
