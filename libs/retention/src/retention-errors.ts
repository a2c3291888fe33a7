// The typed errors of retention: each lists every problem found, so one fix-up round is enough.

function problemCount(problems: readonly string[]): string {
  return problems.length === 1 ? '1 problem' : `${problems.length} problems`;
}

/** A policy that cannot be applied (neither rule set, a count that is not a whole number, ...). */
export class RetentionPolicyError extends Error {
  override readonly name = 'RetentionPolicyError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid retention policy, ${problemCount(problems)}: ${problems.join('; ')}`);
  }
}

/** Archives that cannot be planned over (the same directory twice, no instance id). */
export class RetentionInputError extends Error {
  override readonly name = 'RetentionInputError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid archive list, ${problemCount(problems)}: ${problems.join('; ')}`);
  }
}

/** A plan that would break retention's promises (delete an incomplete archive, or every complete one). */
export class RetentionPlanError extends Error {
  override readonly name = 'RetentionPlanError';
  constructor(readonly problems: readonly string[]) {
    super(`unsafe retention plan, nothing deleted, ${problemCount(problems)}: ${problems.join('; ')}`);
  }
}
