// The codec server's logger: one JSON object per line on stdout, in the shape of the worker's and the API's
// (time, lower-case level, msg). The codec server library logs by status, code and operation only.
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

type ConfiguredLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
const CONFIGURED: Record<ConfiguredLevel, LogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

export function createCodecServerLogger(
  level: ConfiguredLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const threshold = RANK[CONFIGURED[level]];
  const log = (entryLevel: LogLevel, message: string, meta?: LogMetadata): void => {
    if (RANK[entryLevel] < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: entryLevel.toLowerCase(), msg: message, ...meta }));
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
