// The one exception filter: maps domain and HTTP errors to RFC 9457 problem+json, hides internals.
import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, HttpStatus, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import {
  ExportAlreadyFinishedError,
  ExportNotRetryableError,
  ExportNotFoundError,
  IdempotencyKeyConflictError,
  InvalidCursorError,
  NotFoundError,
  ScheduleAlreadyExistsError,
  ScheduleSpecInvalidError,
  TemporalUnavailableError,
} from '@crs-export/export-client';
import type { ApiRequest } from '../core/api-request';
import { API_LOGGER } from '../core/api-tokens';
import {
  ForbiddenError,
  MalformedBodyError,
  PayloadTooLargeError,
  RateLimitedError,
  RequestValidationError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  type FieldError,
} from './api-errors';
import { PROBLEM_CONTENT_TYPE } from './problem.dto';
import { ProblemType } from './problem-types';

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(API_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    const response = http.getResponse<Response>();
    const problem = this.problemOf(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    const body = {
      type: problem.type,
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      // originalUrl: inside middleware `path` is relative to the mount point.
      instance: request.originalUrl.split('?')[0] ?? request.path,
      requestId: request.requestId ?? '',
      ...(problem.errors ? { errors: problem.errors } : {}),
    };
    for (const [name, value] of Object.entries(problem.headers ?? {})) response.setHeader(name, value);
    response.status(problem.status).setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.end(JSON.stringify(body));
  }

  private problemOf(exception: unknown, request: ApiRequest): Problem {
    if (exception instanceof RequestValidationError) {
      return {
        type: ProblemType.validationError,
        status: 400,
        detail: `the request has invalid fields: ${exception.fields.map((field) => field.field).join(', ')}`,
        errors: exception.fields,
      };
    }
    if (exception instanceof MalformedBodyError)
      return { type: ProblemType.malformedBody, status: 400, detail: exception.message };
    if (exception instanceof InvalidCursorError)
      return { type: ProblemType.invalidCursor, status: 400, detail: exception.message };
    if (exception instanceof UnauthorizedError) {
      return {
        type: ProblemType.unauthorized,
        status: 401,
        detail: exception.message,
        headers: { 'WWW-Authenticate': 'Bearer' },
      };
    }
    if (exception instanceof ExportNotFoundError)
      return { type: ProblemType.exportNotFound, status: 404, detail: exception.message };
    if (exception instanceof NotFoundError)
      return { type: ProblemType.notFound, status: 404, detail: exception.message };
    if (exception instanceof ScheduleAlreadyExistsError) {
      return { type: ProblemType.scheduleExists, status: 409, detail: exception.message };
    }
    if (exception instanceof ScheduleSpecInvalidError) {
      return {
        type: ProblemType.validationError,
        status: 400,
        detail: exception.message,
        errors: [{ field: 'spec', messages: [exception.message] }],
      };
    }
    if (exception instanceof ExportNotRetryableError) {
      return { type: ProblemType.exportNotRetryable, status: 409, detail: exception.message };
    }
    if (exception instanceof ExportAlreadyFinishedError) {
      return { type: ProblemType.exportAlreadyFinished, status: 409, detail: exception.message };
    }
    if (exception instanceof IdempotencyKeyConflictError) {
      return { type: ProblemType.idempotencyKeyConflict, status: 422, detail: exception.message };
    }
    if (exception instanceof PayloadTooLargeError)
      return { type: ProblemType.payloadTooLarge, status: 413, detail: exception.message };
    if (exception instanceof UnsupportedMediaTypeError) {
      return { type: ProblemType.unsupportedMediaType, status: 415, detail: exception.message };
    }
    if (exception instanceof ForbiddenError)
      return { type: ProblemType.forbidden, status: 403, detail: exception.message };
    if (exception instanceof RateLimitedError) {
      return {
        type: ProblemType.rateLimited,
        status: 429,
        detail: 'too many requests; retry after the time in Retry-After',
        headers: { 'Retry-After': String(exception.retryAfterSeconds) },
      };
    }
    if (exception instanceof TemporalUnavailableError) {
      this.logger.warn(
        { reqId: request.requestId, operation: exception.operation, err: exception.cause },
        'Temporal unavailable',
      );
      return {
        type: ProblemType.temporalUnavailable,
        status: 503,
        detail: 'Temporal cannot be reached; retry later',
        headers: { 'Retry-After': '5' },
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const type = status === HttpStatus.NOT_FOUND ? ProblemType.notFound : ProblemType.http(status);
      return { type, status, detail: exception.message };
    }
    // Anything else is our fault: log it under the request id, tell the client nothing internal.
    this.logger.error({ reqId: request.requestId, err: exception }, 'unhandled error');
    return {
      type: ProblemType.internalError,
      status: 500,
      detail: `internal error; quote request id ${request.requestId ?? ''}`,
    };
  }
}
