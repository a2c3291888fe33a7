// Which archives of a destination to keep and which to delete, with the reason for each: a pure function of
// the policy, the archives and the time, the same whatever order the archives are listed in.
import { RetentionInputError } from './retention-errors';
import { checkRetentionPolicy, DAY_MS, daysPhrase, newestPhrase, type RetentionPolicy } from './retention-policy';

/** One archive as a listing of the destination finds it. */
export interface ArchiveListing {
  redisId: string;
  /** Where the archive is: opaque here, handed back to deleteArchive. */
  dir: string;
  /** When its backup started, ISO-8601: the archive's age, and its place among the newest. */
  backupStartedAt: string;
  /** Its manifest is there and complete (every file passed its checks). */
  complete: boolean;
}

/** What decided an archive's fate, for code; `reason` says it in words. */
export type RetentionRule =
  /** Kept: among the keepLast newest complete archives of its instance (and maybe younger than keepDays too). */
  | 'keep-last'
  /** Kept: younger than keepDays. */
  | 'keep-days'
  /** Kept although the policy would delete it: the newest complete archive of its instance. */
  | 'newest-complete'
  /** Kept: no complete manifest (an archive being written, or a failed one): retention never deletes it. */
  | 'incomplete'
  /** Kept: its start time cannot be read, so its age and rank are unknown. */
  | 'unreadable-time'
  /** Deleted: no rule keeps it. */
  | 'expired';

export interface RetentionDecision extends ArchiveListing {
  action: 'keep' | 'delete';
  rule: RetentionRule;
  reason: string;
}

/** One decision per archive: by instance, newest first. */
export type RetentionPlan = readonly RetentionDecision[];

export interface PlanRetentionInput {
  policy: RetentionPolicy;
  archives: readonly ArchiveListing[];
  now: Date;
}

function checkArchives(archives: readonly ArchiveListing[]): void {
  const problems: string[] = [];
  const dirs = new Set<string>();
  archives.forEach((archive, index) => {
    if (typeof archive.redisId !== 'string' || archive.redisId === '') problems.push(`archive ${index}: no redisId`);
    if (typeof archive.dir !== 'string' || archive.dir === '') problems.push(`archive ${index}: no dir`);
    else if (dirs.has(archive.dir)) problems.push(`archive ${index}: ${archive.dir} is listed twice`);
    dirs.add(archive.dir);
  });
  if (problems.length > 0) throw new RetentionInputError(problems);
}

/** Milliseconds of the start time, or null when it is not a time. */
function startMs(archive: ArchiveListing): number | null {
  const ms = Date.parse(archive.backupStartedAt);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Newest first; equal times by dir, so the order (and which archive is "the newest") never depends on
 * the order of the listing.
 */
function newestFirst(a: { ms: number | null; dir: string }, b: { ms: number | null; dir: string }): number {
  if (a.ms !== b.ms) {
    if (a.ms === null) return 1;
    if (b.ms === null) return -1;
    return b.ms - a.ms;
  }
  return a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0;
}

function planInstance(
  redisId: string,
  archives: readonly ArchiveListing[],
  policy: RetentionPolicy,
  nowMs: number,
): RetentionDecision[] {
  const sorted = archives.map((archive) => ({ archive, ms: startMs(archive), dir: archive.dir })).sort(newestFirst);
  let completeRank = 0;
  return sorted.map(({ archive, ms }) => {
    const decide = (action: 'keep' | 'delete', rule: RetentionRule, reason: string): RetentionDecision => ({
      redisId: archive.redisId,
      dir: archive.dir,
      backupStartedAt: archive.backupStartedAt,
      complete: archive.complete,
      action,
      rule,
      reason,
    });
    if (!archive.complete) return decide('keep', 'incomplete', 'incomplete: no manifest, never deleted by retention');
    if (ms === null) {
      return decide('keep', 'unreadable-time', 'its backup start time cannot be read: never deleted by retention');
    }
    // Incomplete archives do not count among the newest: a failed export must not push out a good archive.
    const rank = completeRank++;
    const byCount = policy.keepLast !== undefined && rank < policy.keepLast;
    const byAge = policy.keepDays !== undefined && nowMs - ms < policy.keepDays * DAY_MS;
    const among = policy.keepLast !== undefined ? `among ${newestPhrase(policy.keepLast)}` : '';
    const younger = policy.keepDays !== undefined ? `younger than ${daysPhrase(policy.keepDays)}` : '';
    if (byCount && byAge) return decide('keep', 'keep-last', `${among} and ${younger}`);
    if (byCount) return decide('keep', 'keep-last', among);
    if (byAge) return decide('keep', 'keep-days', younger);
    if (rank === 0) {
      return decide('keep', 'newest-complete', `the newest complete archive of ${redisId} is never deleted`);
    }
    const beyond = policy.keepLast !== undefined ? `beyond ${newestPhrase(policy.keepLast)}` : '';
    const older = policy.keepDays !== undefined ? `older than ${daysPhrase(policy.keepDays)}` : '';
    return decide('delete', 'expired', [older, beyond].filter((part) => part !== '').join(' and '));
  });
}

/**
 * One decision per archive. Kept: incomplete archives, archives whose time cannot be read, the keepLast
 * newest complete archives of each instance, those younger than keepDays, and the newest complete archive
 * of each instance whatever the policy says. Deleted: every other (complete) archive.
 */
export function planRetention(input: PlanRetentionInput): RetentionPlan {
  const policy = checkRetentionPolicy(input.policy);
  checkArchives(input.archives);
  const nowMs = input.now.getTime();
  // An invalid clock would make every age "not younger" and delete what keepDays should keep.
  if (Number.isNaN(nowMs)) throw new RetentionInputError(['now is not a valid time']);
  const byInstance = new Map<string, ArchiveListing[]>();
  for (const archive of input.archives) {
    const list = byInstance.get(archive.redisId) ?? [];
    list.push(archive);
    byInstance.set(archive.redisId, list);
  }
  return [...byInstance.keys()]
    .sort()
    .flatMap((redisId) => planInstance(redisId, byInstance.get(redisId) ?? [], policy, nowMs));
}
