// Parses the command line of `crs-export` into one typed command, or a UsageError (exit code 2).
import { parseArgs } from 'node:util';
import { EXPORT_STATES, isExportState } from '@crs-export/contracts';
import type { ListExportsOptions } from './export-resource';

export type CliCommand =
  | {
      kind: 'start';
      redisId: string;
      /** A backup ID, `latest` or `new`. */
      backupId: string;
      region?: string;
      remark?: string;
      storageDays?: number;
      idempotencyKey?: string;
      watch: boolean;
      intervalMs: number;
      urls: boolean;
    }
  | { kind: 'status'; exportId: string; urls: boolean }
  | { kind: 'list'; filter: ListExportsOptions }
  | { kind: 'cancel'; exportId: string; reason?: string }
  | { kind: 'retry'; exportId: string; watch: boolean; intervalMs: number; urls: boolean }
  | { kind: 'watch'; exportId: string; intervalMs: number; urls: boolean }
  | { kind: 'help' };

export interface CliInvocation {
  command: CliCommand;
  json: boolean;
  apiUrl?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `usage: crs-export <command> [options]

commands:
  start <redisId> <backupId|latest|new> [--region R] [--watch [--urls]] [--idempotency-key K]
        [--remark TEXT] [--storage-days N]             start an export (or get the one already running);
                                                       latest: the newest backup, new: a new backup
  status <exportId> [--urls]                           show one export (--urls: with its download URLs,
                                                       bearer secrets; the key needs scope urls)
  list [--redis-id ID] [--backup-id ID] [--state S] [--limit N] [--cursor C]
                                                       list exports, newest first
  cancel <exportId> [--reason TEXT]                    ask a running export to stop
  retry <exportId> [--watch [--urls]]                  run a FAILED export again under its ID (once its
                                                       cause is fixed); nothing already done is redone
  watch <exportId> [--interval 1s] [--urls]            follow an export until it ends

options:
  --json          machine-readable output (one JSON document; watch: one per change)
  --api-url URL   the API (default: CRS_EXPORT_API_URL, else http://127.0.0.1:3000)
  -h, --help      this text

The API key comes from CRS_EXPORT_API_KEY, else from .data/api-key (written by npm start).
Exit codes: 0 ok; 1 the watched export FAILED or was CANCELLED; 2 usage; 3 API error or unreachable.`;

const OPTIONS = {
  json: { type: 'boolean' },
  'api-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  region: { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  'redis-id': { type: 'string' },
  'backup-id': { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  reason: { type: 'string' },
  remark: { type: 'string' },
  'storage-days': { type: 'string' },
  'idempotency-key': { type: 'string' },
  urls: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Which options each command accepts, beyond --json, --api-url and --help. */
const COMMAND_OPTIONS: Record<Exclude<CliCommand['kind'], 'help'>, OptionName[]> = {
  start: ['region', 'watch', 'interval', 'remark', 'storage-days', 'idempotency-key', 'urls'],
  status: ['urls'],
  list: ['redis-id', 'backup-id', 'state', 'limit', 'cursor'],
  cancel: ['reason'],
  retry: ['watch', 'interval', 'urls'],
  watch: ['interval', 'urls'],
};

/** "500ms", "2s", "1m" or a bare number of milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`not a duration: ${JSON.stringify(text)} (try 500ms, 2s or 1m)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const ms = unit === 'm' ? value * 60_000 : unit === 's' ? value * 1_000 : value;
  if (ms < 100 || ms > 3_600_000) throw new UsageError(`interval out of range: ${text} (100ms to 1h)`);
  return Math.round(ms);
}

export function parseCliArgs(argv: readonly string[]): CliInvocation {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const json = values.json ?? false;
  const apiUrl = values['api-url'];
  if (apiUrl !== undefined) checkUrl(apiUrl);
  const [name, ...args] = positionals;
  if (values.help || name === undefined || name === 'help') return { command: { kind: 'help' }, json, apiUrl };
  if (!isCommandName(name)) throw new UsageError(`unknown command: ${name}`);
  for (const option of Object.keys(values) as OptionName[]) {
    if (['json', 'api-url', 'help'].includes(option)) continue;
    if (!COMMAND_OPTIONS[name].includes(option)) throw new UsageError(`${name} does not take --${option}`);
  }
  const expectArgs = (names: string[]): string[] => {
    if (args.length !== names.length) {
      throw new UsageError(`${name} takes ${names.map((arg) => `<${arg}>`).join(' ') || 'no arguments'}`);
    }
    return args;
  };
  const intervalMs = values.interval === undefined ? 1_000 : parseDuration(values.interval);
  const urls = values.urls ?? false;
  switch (name) {
    case 'start': {
      const [redisId = '', backupId = ''] = expectArgs(['redisId', 'backupId']);
      if ((values.remark !== undefined || values['storage-days'] !== undefined) && backupId !== 'new') {
        throw new UsageError('--remark and --storage-days go with a new backup: start <redisId> new');
      }
      return {
        command: {
          kind: 'start',
          redisId,
          backupId,
          region: values.region,
          ...(values.remark === undefined ? {} : { remark: values.remark }),
          ...(values['storage-days'] === undefined ? {} : { storageDays: storageDaysOf(values['storage-days']) }),
          ...(values['idempotency-key'] === undefined ? {} : { idempotencyKey: values['idempotency-key'] }),
          watch: values.watch ?? false,
          intervalMs,
          urls,
        },
        json,
        apiUrl,
      };
    }
    case 'status':
      return { command: { kind: 'status', exportId: expectArgs(['exportId'])[0] ?? '', urls }, json, apiUrl };
    case 'cancel':
      return {
        command: { kind: 'cancel', exportId: expectArgs(['exportId'])[0] ?? '', reason: values.reason },
        json,
        apiUrl,
      };
    case 'retry':
      return {
        command: {
          kind: 'retry',
          exportId: expectArgs(['exportId'])[0] ?? '',
          watch: values.watch ?? false,
          intervalMs,
          urls,
        },
        json,
        apiUrl,
      };
    case 'watch':
      return {
        command: { kind: 'watch', exportId: expectArgs(['exportId'])[0] ?? '', intervalMs, urls },
        json,
        apiUrl,
      };
    case 'list': {
      expectArgs([]);
      return { command: { kind: 'list', filter: listFilter(values) }, json, apiUrl };
    }
  }
}

function isCommandName(name: string): name is Exclude<CliCommand['kind'], 'help'> {
  return Object.prototype.hasOwnProperty.call(COMMAND_OPTIONS, name);
}

function listFilter(values: Partial<Record<OptionName, string | boolean>>): ListExportsOptions {
  const filter: ListExportsOptions = {};
  const text = (option: OptionName): string | undefined => {
    const value = values[option];
    return typeof value === 'string' ? value : undefined;
  };
  const redisId = text('redis-id');
  const backupId = text('backup-id');
  const state = text('state');
  const limit = text('limit');
  const cursor = text('cursor');
  if (redisId !== undefined) filter.redisId = redisId;
  if (backupId !== undefined) filter.backupId = backupId;
  if (cursor !== undefined) filter.cursor = cursor;
  if (state !== undefined) {
    const upper = state.toUpperCase();
    if (!isExportState(upper)) throw new UsageError(`--state must be one of ${EXPORT_STATES.join(', ')}`);
    filter.state = upper;
  }
  if (limit !== undefined) {
    const value = Number(limit);
    if (!Number.isInteger(value) || value < 1 || value > 100)
      throw new UsageError('--limit must be an integer from 1 to 100');
    filter.limit = value;
  }
  return filter;
}

function storageDaysOf(text: string): number {
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0 || days > 1825) throw new UsageError('--storage-days must be 0 to 1825');
  return days;
}

function checkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UsageError(`--api-url must be an http(s) URL, not ${JSON.stringify(url)}`);
  }
}
