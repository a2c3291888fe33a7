// Builds the API (Nest on Express) and listens: used by main.ts, `npm start`, tests and benchmarks.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { ConfigError, temporalConnectionOptions, type AppConfig } from '@crs-export/config';
import { AppModule } from './app.module';
import { createApiLogger, NestPinoLogger } from './core/api-logger';
import { requestContext } from './http/request-context';
import { ApiMetrics } from './metrics/api-metrics';
import { serveOpenApi } from './openapi';
import { validationErrorFactory } from './problems/validation-problem';

export interface CreateApiAppOptions {
  config: AppConfig;
  /** A client to use (and leave open); default: one on a lazy connection the app closes on shutdown. */
  temporalClient?: Client;
  /** Default: JSON lines on stdout at config.logLevel. */
  logger?: Logger;
  /** Overrides config.api.port; 0 picks a free port (read it with `app.getUrl()` or `.getHttpServer().address()`). */
  port?: number;
}

export async function createApiApp(options: CreateApiAppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  if (config.api.keys.length === 0) {
    throw new ConfigError(['API_KEYS: no API key configured; the API refuses to run open']);
  }
  const logger = options.logger ?? createApiLogger(config.logLevel);
  // Lazy: the API starts (and /readyz says 503) while Temporal is still coming up.
  const temporalClient =
    options.temporalClient ??
    new Client({
      connection: Connection.lazy(temporalConnectionOptions(config)),
      namespace: config.temporal.namespace,
    });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config, logger, temporalClient, ownsTemporalConnection: !options.temporalClient }),
    { bodyParser: false, logger: new NestPinoLogger(logger) },
  );
  app.disable('x-powered-by');
  app.use(requestContext(logger, app.get(ApiMetrics)));
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
