// The pruning step of a batch: lists each instance's archives in the destination, plans what the policy keeps
// (libs/retention: never an incomplete archive, never an instance's newest complete one), deletes the rest
// one at a time (none in a dry run), and reports each decision with its reason.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { deleteArchive, listArchives, type ArchiveStore } from '@crs-export/archive';
import { MAX_RETENTION_ENTRIES, type RetentionPolicy, type RetentionReport } from '@crs-export/contracts';
import {
  applyRetention,
  checkRetentionPolicy,
  describeRetentionPolicy,
  planRetention,
  RetentionPolicyError,
  type ArchiveListing,
} from '@crs-export/retention';

/** Opens the store of a destination URL (file:// or s3://) with the worker's settings. */
export type OpenArchiveStore = (destination: string) => ArchiveStore;

export interface RetentionActivityDeps {
  openStore: OpenArchiveStore;
  now?: () => Date;
}

export interface PruneArchivesInput {
  destination: string;
  /** The instances to prune (those whose export in this batch run succeeded). */
  redisIds: string[];
  policy: RetentionPolicy;
}

function locationOf(destination: string, dir: string): string {
  return `${destination.replace(/\/+$/, '')}/${dir}/`;
}

export function createRetentionActivities(deps: RetentionActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async pruneArchives(input: PruneArchivesInput): Promise<RetentionReport> {
      let policy;
      try {
        policy = checkRetentionPolicy({
          ...(input.policy.keepLast === undefined ? {} : { keepLast: input.policy.keepLast }),
          ...(input.policy.keepDays === undefined ? {} : { keepDays: input.policy.keepDays }),
        });
      } catch (error) {
        if (error instanceof RetentionPolicyError)
          throw ApplicationFailure.nonRetryable(error.message, 'RetentionPolicyInvalid');
        throw error;
      }
      const context = Context.current();
      const signal = context.cancellationSignal;
      const store = deps.openStore(input.destination);
      try {
        const archives: ArchiveListing[] = [];
        for (const redisId of [...new Set(input.redisIds)].sort()) {
          context.heartbeat({ listing: redisId });
          for (const archive of await listArchives(store, '', { redisId, signal })) {
            archives.push({
              redisId: archive.redisId,
              dir: archive.dir,
              backupStartedAt: archive.backupStartedAt,
              complete: archive.state === 'complete',
            });
          }
        }
        const plan = planRetention({ policy, archives, now: now() });
        const report = await applyRetention({
          plan,
          dryRun: input.policy.dryRun === true,
          signal,
          deleteArchive: async (dir, deleteSignal) => {
            context.heartbeat({ deleting: dir });
            await deleteArchive(store, dir, deleteSignal ? { signal: deleteSignal } : {});
          },
        });
        const entry = (decision: { redisId: string; dir: string; reason: string }) => ({
          redisId: decision.redisId,
          location: locationOf(input.destination, decision.dir),
          reason: decision.reason,
        });
        const gone = report.dryRun ? report.wouldDelete : report.deleted;
        return {
          dryRun: report.dryRun,
          policy: describeRetentionPolicy(policy),
          deleted: gone.slice(0, MAX_RETENTION_ENTRIES).map(entry),
          kept: report.kept.slice(0, MAX_RETENTION_ENTRIES).map(entry),
          failed: report.failed.slice(0, MAX_RETENTION_ENTRIES).map((failure) => ({
            redisId: failure.redisId,
            location: locationOf(input.destination, failure.dir),
            error: failure.error,
          })),
          counts: { deleted: gone.length, kept: report.kept.length, failed: report.failed.length },
        };
      } finally {
        store.close();
      }
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
