// Builds the API (Nest on Express) and listens: used by main.ts, `npm start`, tests and benchmarks.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { temporalConnectionOptions, type AppConfig } from '@crs-export/config';
import { dataConverterFor } from '@crs-export/payload-codec';
import { AppModule } from './app.module';
import { authenticateRequests } from './auth/authenticate-requests';
import { declaredRoutesOf } from './auth/declared-routes';
import { openApiKeys } from './auth/open-api-keys';
import { createApiLogger, NestPinoLogger } from './core/api-logger';
import { methodNotAllowed } from './http/method-not-allowed';
import { requestContext } from './http/request-context';
import { ApiMetrics } from './metrics/api-metrics';
import { serveOpenApi } from './openapi';
import { validationErrorFactory } from './problems/validation-problem';

export interface CreateApiAppOptions {
  config: AppConfig;
  /**
   * A client to use (and leave open), built with `dataConverterFor(config)`; default: one on a lazy connection
   * the app closes on shutdown, encrypting payloads with the configured keys (no key: the API refuses to start).
   */
  temporalClient?: Client;
  /** Default: JSON lines on stdout at config.logLevel. */
  logger?: Logger;
  /** Overrides config.api.port; 0 picks a free port (read it with `app.getUrl()` or `.getHttpServer().address()`). */
  port?: number;
}

export async function createApiApp(options: CreateApiAppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const logger = options.logger ?? createApiLogger(config.logLevel);
  // Lazy: the API starts (and /readyz says 503) while Temporal is still coming up.
  const temporalClient =
    options.temporalClient ??
    new Client({
      connection: Connection.lazy(temporalConnectionOptions(config)),
      namespace: config.temporal.namespace,
      dataConverter: await dataConverterFor(config),
    });
  const apiKeys = openApiKeys(config, logger);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config, logger, temporalClient, ownsTemporalConnection: !options.temporalClient, apiKeys }),
    { bodyParser: false, logger: new NestPinoLogger(logger) },
  ).catch((error: unknown) => {
    apiKeys.close();
    throw error;
  });
  app.disable('x-powered-by');
  // Answers are small, mostly one-off JSON (201, 202) that no client revalidates: hashing each body for an
  // ETag is work for nothing (the start benchmark's profile).
  app.set('etag', false);
  // X-Forwarded-For gives request.ip (rate limits, logs) only from the proxies API_TRUST_PROXY names.
  app.set('trust proxy', config.api.trustProxy);
  app.use(requestContext(logger, app.get(ApiMetrics)));
  // Before routing and before any body is read: who is calling (the access guard then decides).
  app.use(authenticateRequests(apiKeys));
  // A served path asked with a method it does not take: 405 with Allow.
  app.use(methodNotAllowed(declaredRoutesOf(app)));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationErrorFactory,
    }),
  );
  serveOpenApi(app);
  await app.listen(options.port ?? config.api.port, config.api.host);
  return app;
}
