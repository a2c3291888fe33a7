// The worker's logger: one JSON object per line on stdout, with secret-looking fields redacted, in the
// same shape as the API's (time, lower-case level name, msg), so one reader understands both.
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

const SECRET_KEY = /secret|password|signature|authorization|credential/i;

const LEVELS: Record<'debug' | 'info' | 'warn' | 'error', LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};

/** Replaces values under secret-looking keys and turns errors into plain objects. */
function redact(_key: string, value: unknown): unknown {
  if (_key && SECRET_KEY.test(_key)) return '[redacted]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function jsonLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  return JSON.stringify({ time, level: entry.level.toLowerCase(), msg: entry.message, ...entry.meta }, redact);
}

export function createJsonLogger(
  level: keyof typeof LEVELS,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): DefaultLogger {
  return new DefaultLogger(LEVELS[level], (entry) => write(jsonLine(entry)));
}
