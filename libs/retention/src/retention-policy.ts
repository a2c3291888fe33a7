// The retention policy of one destination, per instance: keep the last N complete archives and/or those
// younger than D days. An archive is kept if any rule set keeps it (the union), so adding a rule never
// deletes more.
import { RetentionPolicyError } from './retention-errors';

export interface RetentionPolicy {
  /** Keep the `keepLast` newest complete archives of each instance. */
  keepLast?: number;
  /** Keep every archive whose backup started less than `keepDays` × 24 hours before now. */
  keepDays?: number;
}

export const MAX_KEEP_LAST = 100_000;
export const MAX_KEEP_DAYS = 36_500;
export const DAY_MS = 86_400_000;

function countProblem(what: string, value: unknown, max: number): string | null {
  if (value === undefined) return null;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max
    ? null
    : `${what} must be a whole number from 1 to ${max}`;
}

/** The policy, checked; RetentionPolicyError listing every problem otherwise. */
export function checkRetentionPolicy(policy: RetentionPolicy): RetentionPolicy {
  const problems: string[] = [];
  const unknown = Object.keys(policy).filter((key) => key !== 'keepLast' && key !== 'keepDays');
  if (unknown.length > 0) problems.push(`unknown field(s) ${unknown.join(', ')} (known: keepLast, keepDays)`);
  if (policy.keepLast === undefined && policy.keepDays === undefined) {
    problems.push('set keepLast, keepDays or both');
  }
  for (const problem of [
    countProblem('keepLast', policy.keepLast, MAX_KEEP_LAST),
    countProblem('keepDays', policy.keepDays, MAX_KEEP_DAYS),
  ]) {
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new RetentionPolicyError(problems);
  const checked: RetentionPolicy = {};
  if (policy.keepLast !== undefined) checked.keepLast = policy.keepLast;
  if (policy.keepDays !== undefined) checked.keepDays = policy.keepDays;
  return checked;
}

/** "the 30 newest" / "the newest". */
export function newestPhrase(keepLast: number): string {
  return keepLast === 1 ? 'the newest' : `the ${keepLast} newest`;
}

/** "30 days" / "1 day". */
export function daysPhrase(keepDays: number): string {
  return keepDays === 1 ? '1 day' : `${keepDays} days`;
}

/** The policy in words, for reports: "keep the 30 newest complete archives or those younger than 30 days". */
export function describeRetentionPolicy(policy: RetentionPolicy): string {
  const rules: string[] = [];
  if (policy.keepLast !== undefined) rules.push(`${newestPhrase(policy.keepLast)} complete archives`);
  if (policy.keepDays !== undefined) {
    rules.push(`${rules.length > 0 ? 'those' : 'archives'} younger than ${daysPhrase(policy.keepDays)}`);
  }
  return `keep ${rules.join(' or ')} of each instance; an incomplete archive and the newest complete one are never deleted`;
}
