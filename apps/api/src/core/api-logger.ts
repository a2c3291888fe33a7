// JSON logs (pino) for the API, and a bridge so Nest's own messages land in the same stream.
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '@crs-export/config';

export function createApiLogger(level: AppConfig['logLevel'], destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'api',
      level,
      // The same line shape as the worker's: ISO time and a level name, not pino's epoch and number.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: request logs carry no headers, but never print a credential if one slips in.
      redact: {
        paths: ['*.authorization', '*.headers.authorization', 'authorization', 'apiKey', '*.apiKey'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
