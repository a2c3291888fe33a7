// Express middleware for every request: a request id (X-Request-Id in and out), a JSON access log line
// and the HTTP metrics. Headers are never logged, so neither are API keys: the line names the key's id.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { Logger } from 'pino';
import type { ApiRequest } from '../core/api-request';
import type { ApiMetrics } from '../metrics/api-metrics';

/** A caller's id is kept only if it cannot forge log lines or bloat them. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger, metrics: ApiMetrics) {
  return (request: ApiRequest, response: Response, next: NextFunction): void => {
    const began = process.hrtime.bigint();
    const offered = request.headers['x-request-id'];
    const requestId = typeof offered === 'string' && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
    request.requestId = requestId;
    response.setHeader('X-Request-Id', requestId);
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      // Label by route template, not path: one series per route, not per export.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.observeRequest(request.method, route, response.statusCode, seconds);
      logger.info(
        {
          reqId: requestId,
          method: request.method,
          path: request.path,
          route,
          status: response.statusCode,
          durationMs: Math.round(seconds * 1000),
          apiKeyId: request.caller?.keyId ?? request.authFailure?.keyId,
          ...(request.authFailure ? { authFailure: request.authFailure.reason } : {}),
        },
        'request',
      );
    });
    next();
  };
}
