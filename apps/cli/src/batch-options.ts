// The options that say what a batch exports, shared by `batch start` and `schedule create`: which instances,
// which backup, where to, how many at once, retention and who is told.
import { UsageError } from './cli-args';
import type { BatchRequest } from './fleet-api-client';

export const BATCH_OPTIONS = {
  region: { type: 'string' },
  ids: { type: 'string' },
  name: { type: 'string' },
  tag: { type: 'string', multiple: true },
  architecture: { type: 'string' },
  backup: { type: 'string' },
  destination: { type: 'string' },
  concurrency: { type: 'string' },
  'keep-last': { type: 'string' },
  'keep-days': { type: 'string' },
  'dry-run': { type: 'boolean' },
  notify: { type: 'string' },
  'notify-exports': { type: 'string' },
} as const;

export const BATCH_USAGE = `  which instances:  --ids crs-a,crs-b | [--name 'orders-*'] [--tag team=payments]... [--architecture cluster|standard]
                    [--region ap-guangzhou]
  which backup:     [--backup latest|new]                  (default latest)
  where to:         [--destination s3://bucket/prefix]      (default ARCHIVE_URL)
  how:              [--concurrency N]                       (default 10)
  retention:        [--keep-last N] [--keep-days D] [--dry-run]
  notify:           [--notify ops,oncall] [--notify-exports none|failed|all]`;

export type BatchOptionValues = {
  [K in keyof typeof BATCH_OPTIONS]?: (typeof BATCH_OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof BATCH_OPTIONS)[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

function integer(option: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${option} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function batchRequestOf(values: BatchOptionValues): BatchRequest {
  const ids = list(values.ids);
  const filtered = values.name !== undefined || values.tag !== undefined || values.architecture !== undefined;
  if (ids && filtered) throw new UsageError('give --ids or filters (--name, --tag, --architecture), not both');
  const tags: Record<string, string> = {};
  for (const pair of values.tag ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--tag takes key=value, not ${JSON.stringify(pair)}`);
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (values.architecture !== undefined && !['cluster', 'standard'].includes(values.architecture)) {
    throw new UsageError('--architecture must be cluster or standard');
  }
  if (values.backup !== undefined && !['latest', 'new'].includes(values.backup)) {
    throw new UsageError('--backup must be latest or new');
  }
  if (values['notify-exports'] !== undefined && !['none', 'failed', 'all'].includes(values['notify-exports'])) {
    throw new UsageError('--notify-exports must be none, failed or all');
  }
  const keepLast = integer('keep-last', values['keep-last'], 1, 10_000);
  const keepDays = integer('keep-days', values['keep-days'], 1, 3650);
  if (values['dry-run'] && keepLast === undefined && keepDays === undefined) {
    throw new UsageError('--dry-run goes with --keep-last and/or --keep-days');
  }
  const concurrency = integer('concurrency', values.concurrency, 1, 500);
  return {
    selector: {
      ...(values.region ? { region: values.region } : {}),
      ...(ids ? { redisIds: ids } : {}),
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.tag ? { tags } : {}),
      ...(values.architecture ? { architecture: values.architecture } : {}),
    },
    ...(values.backup ? { backup: values.backup } : {}),
    ...(values.destination ? { destination: values.destination } : {}),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(keepLast !== undefined || keepDays !== undefined
      ? {
          retention: {
            ...(keepLast === undefined ? {} : { keepLast }),
            ...(keepDays === undefined ? {} : { keepDays }),
            ...(values['dry-run'] ? { dryRun: true } : {}),
          },
        }
      : {}),
    ...(values.notify ? { notify: list(values.notify) } : {}),
    ...(values['notify-exports'] ? { notifyExports: values['notify-exports'] } : {}),
  };
}
