// Retention of archives: the policy, the plan (what to keep, what to delete, and why) and its execution.
export * from './apply-retention';
export * from './retention-errors';
export * from './retention-plan';
export * from './retention-policy';
