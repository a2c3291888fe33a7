// `crs-export batch start|status|cancel`: a fleet export, followed live like `watch`.
import { parseArgs } from 'node:util';
import { BATCH_OPTIONS, BATCH_USAGE, batchRequestOf } from './batch-options';
import { parseDuration, UsageError } from './cli-args';
import type { GroupContext } from './command-groups';
import { FleetApiClient, type BatchResource } from './fleet-api-client';
import { formatBatchDetail } from './fleet-format';
import { watchBatch } from './watch-batch';

export const BATCH_GROUP_USAGE = `batch start <selector options> [--watch] [--idempotency-key K]
                                                       export many instances, one child export each
${BATCH_USAGE}
batch status <batchId> [--watch] [--interval 1s]        show (or follow) a batch: counts, failures, retention
batch cancel <batchId>                                 cancel a batch: its running exports stop, no more start`;

const OPTIONS = {
  ...BATCH_OPTIONS,
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  'idempotency-key': { type: 'string' },
} as const;

const START_ONLY = [...Object.keys(BATCH_OPTIONS), 'idempotency-key'];

function ended(batch: BatchResource): number {
  return batch.state === 'SUCCEEDED' ? 0 : 1;
}

export async function runBatchGroup(argv: readonly string[], context: GroupContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, ...args] = positionals;
  const fleet = new FleetApiClient(context.client);
  const intervalMs = values.interval === undefined ? 1_000 : parseDuration(values.interval);
  const follow = (batchId: string): Promise<number> =>
    watchBatch({
      fleet,
      batchId,
      intervalMs,
      json: context.json,
      out: context.io.out,
      err: context.io.err,
      sleep: context.io.sleep,
    }).then(ended);
  const given = Object.keys(values);
  switch (action) {
    case 'start': {
      if (args.length > 0) throw new UsageError('batch start takes no arguments, only options');
      const { created, batch } = await fleet.startBatch(batchRequestOf(values), values['idempotency-key']);
      const note = created ? 'started' : 'already started with this Idempotency-Key (no second batch started)';
      if (!values.watch) {
        context.print(batch, `${note}\n${formatBatchDetail(batch)}`);
        return 0;
      }
      if (!context.json) context.io.out.write(`${batch.batchId} ${note}\n`);
      return follow(batch.batchId);
    }
    case 'status': {
      const batchId = oneId(action, args);
      refuse(action, given, START_ONLY);
      if (values.watch) return follow(batchId);
      const batch = await fleet.getBatch(batchId);
      context.print(batch, formatBatchDetail(batch));
      return 0;
    }
    case 'cancel': {
      const batchId = oneId(action, args);
      refuse(action, given, [...START_ONLY, 'watch', 'interval']);
      const batch = await fleet.cancelBatch(batchId);
      context.print(batch, `cancellation requested for ${batchId}\n${formatBatchDetail(batch)}`);
      return 0;
    }
    default:
      throw new UsageError(
        action === undefined ? 'batch needs start, status or cancel' : `unknown batch command: ${action}`,
      );
  }
}

function oneId(action: string, args: string[]): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`batch ${action} takes <batchId>`);
  return args[0];
}

function refuse(action: string, given: string[], options: string[]): void {
  const wrong = given.find((option) => options.includes(option));
  if (wrong) throw new UsageError(`batch ${action} does not take --${wrong}`);
}
