// Errors the HTTP layer raises itself; the problem-details filter maps each to its status.
export interface FieldError {
  /** The request field, e.g. `redisId` or `limit`. */
  field: string;
  messages: string[];
}

export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  constructor(readonly fields: FieldError[]) {
    super(`invalid request: ${fields.map((field) => field.field).join(', ')}`);
  }
}

export class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
}

export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes} bytes`);
  }
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** A valid API key without the scope the route needs. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests; retry in ${retryAfterSeconds} s`);
  }
}
