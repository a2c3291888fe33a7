// Carries out a retention plan: deletes its archives one at a time through the caller's deleteArchive,
// none in a dry run, and reports what went, what stayed and why, and what could not be deleted.
import { RetentionPlanError } from './retention-errors';
import type { RetentionDecision, RetentionPlan } from './retention-plan';

/** Deletes one archive (libs/archive's deleteArchive, bound to a destination). */
export type DeleteArchive = (dir: string, signal?: AbortSignal) => Promise<void>;

export interface ApplyRetentionInput {
  plan: RetentionPlan;
  deleteArchive: DeleteArchive;
  /** List what would go, delete nothing. */
  dryRun: boolean;
  /** Stops before the next deletion (an activity's cancellation); the call then rejects with its reason. */
  signal?: AbortSignal;
}

export interface RetentionFailure {
  dir: string;
  redisId: string;
  /** Why it was to be deleted. */
  reason: string;
  /** The deletion's error message (one line). */
  error: string;
}

export interface RetentionReport {
  dryRun: boolean;
  /** Deleted now (empty in a dry run). */
  deleted: RetentionDecision[];
  /** What a real run would delete (empty unless dryRun). */
  wouldDelete: RetentionDecision[];
  /** Kept, each with its reason. */
  kept: RetentionDecision[];
  /** Planned for deletion but not deleted: the rest went on. */
  failed: RetentionFailure[];
}

const MAX_ERROR_LENGTH = 500;

function errorText(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * The problems that make a plan unsafe to carry out: a deletion of an incomplete archive, a directory
 * listed twice, or an instance that would be left without a complete archive. planRetention never makes
 * such a plan; a plan built or edited elsewhere (or read back from somewhere) is checked all the same.
 */
export function unsafePlanProblems(plan: RetentionPlan): string[] {
  const problems: string[] = [];
  const dirs = new Set<string>();
  const completeKept = new Map<string, boolean>();
  for (const decision of plan) {
    if (dirs.has(decision.dir)) problems.push(`${decision.dir} is in the plan twice`);
    dirs.add(decision.dir);
    if (decision.action === 'delete' && decision.complete !== true) {
      problems.push(`${decision.dir} is incomplete and would be deleted`);
    }
    if (decision.complete) {
      completeKept.set(decision.redisId, (completeKept.get(decision.redisId) ?? false) || decision.action === 'keep');
    }
  }
  for (const [redisId, kept] of completeKept) {
    if (!kept) problems.push(`every complete archive of ${redisId} would be deleted`);
  }
  return problems;
}

export async function applyRetention(input: ApplyRetentionInput): Promise<RetentionReport> {
  const problems = unsafePlanProblems(input.plan);
  if (problems.length > 0) throw new RetentionPlanError(problems);
  const report: RetentionReport = { dryRun: input.dryRun, deleted: [], wouldDelete: [], kept: [], failed: [] };
  for (const decision of input.plan) {
    if (decision.action === 'keep') {
      report.kept.push(decision);
    } else if (input.dryRun) {
      report.wouldDelete.push(decision);
    } else {
      input.signal?.throwIfAborted();
      try {
        // One at a time: a destination throttles bulk deletes, and a failure stays one archive's.
        await input.deleteArchive(decision.dir, input.signal);
        report.deleted.push(decision);
      } catch (error) {
        if (input.signal?.aborted) throw input.signal.reason;
        const { dir, redisId, reason } = decision;
        report.failed.push({ dir, redisId, reason, error: errorText(error) });
      }
    }
  }
  return report;
}
