// The problem `type` identifiers clients may match on; stable across releases.
const PROBLEM_TYPE_PREFIX = 'urn:crs-export:problem:';

export const ProblemType = {
  validationError: `${PROBLEM_TYPE_PREFIX}validation-error`,
  malformedBody: `${PROBLEM_TYPE_PREFIX}malformed-body`,
  invalidCursor: `${PROBLEM_TYPE_PREFIX}invalid-cursor`,
  unauthorized: `${PROBLEM_TYPE_PREFIX}unauthorized`,
  forbidden: `${PROBLEM_TYPE_PREFIX}forbidden`,
  notFound: `${PROBLEM_TYPE_PREFIX}not-found`,
  exportNotFound: `${PROBLEM_TYPE_PREFIX}export-not-found`,
  exportAlreadyFinished: `${PROBLEM_TYPE_PREFIX}export-already-finished`,
  exportNotRetryable: `${PROBLEM_TYPE_PREFIX}export-not-retryable`,
  idempotencyKeyConflict: `${PROBLEM_TYPE_PREFIX}idempotency-key-conflict`,
  scheduleExists: `${PROBLEM_TYPE_PREFIX}schedule-exists`,
  payloadTooLarge: `${PROBLEM_TYPE_PREFIX}payload-too-large`,
  unsupportedMediaType: `${PROBLEM_TYPE_PREFIX}unsupported-media-type`,
  rateLimited: `${PROBLEM_TYPE_PREFIX}rate-limited`,
  temporalUnavailable: `${PROBLEM_TYPE_PREFIX}temporal-unavailable`,
  internalError: `${PROBLEM_TYPE_PREFIX}internal-error`,
  /** Any other HTTP error Nest raises (e.g. a method without a route). */
  http: (status: number): string => `${PROBLEM_TYPE_PREFIX}http-${status}`,
} as const;
