// Domain errors of the export client; the API maps each one to an HTTP problem.
export class ExportNotFoundError extends Error {
  override readonly name = 'ExportNotFoundError';
  constructor(readonly exportId: string) {
    super(`export ${exportId} does not exist`);
  }
}

/** An export (or a batch) that has already ended cannot be cancelled. */
export class ExportAlreadyFinishedError extends Error {
  override readonly name = 'ExportAlreadyFinishedError';
  constructor(
    readonly exportId: string,
    readonly state: string,
    readonly kind: 'export' | 'batch' = 'export',
  ) {
    super(`${kind} ${exportId} has already finished (${state})`);
  }
}

/** A batch, schedule or notification that does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly kind: 'batch' | 'schedule' | 'notification',
    readonly id: string,
  ) {
    super(`${kind} ${id} does not exist`);
  }
}

/** An Idempotency-Key sent again with a request other than the one it first started. */
export class IdempotencyKeyConflictError extends Error {
  override readonly name = 'IdempotencyKeyConflictError';
  constructor(readonly resourceId: string) {
    super(`the Idempotency-Key was first used for a different request (${resourceId}); use a new key`);
  }
}

/** A list cursor that this client did not hand out, or one given with other filters. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
  }
}

/** Temporal did not answer in time or could not be reached; the operation may be retried. */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`Temporal is unavailable (${operation})`, options);
  }
}
