// `batch status --watch` (and `batch start --watch`, `schedule trigger --watch`): polls one batch until it
// ends, redrawing one progress line on a terminal, a line per change otherwise, JSON per change with --json.
import { ApiUnreachableError } from './export-api-client';
import type { BatchResource, FleetApiClient } from './fleet-api-client';
import { formatBatchDetail, formatBatchProgress } from './fleet-format';
import type { OutputStream } from './watch-export';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface WatchBatchOptions {
  fleet: FleetApiClient;
  batchId: string;
  intervalMs: number;
  json: boolean;
  out: OutputStream;
  err: OutputStream;
  maxConsecutiveErrors?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export async function watchBatch(options: WatchBatchOptions): Promise<BatchResource> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const tty = options.out.isTTY === true && !options.json;
  const maxErrors = options.maxConsecutiveErrors ?? 5;
  let errors = 0;
  let tick = 0;
  let lastKey = '';
  for (;;) {
    let batch: BatchResource;
    try {
      batch = await options.fleet.getBatch(options.batchId, 1);
      errors = 0;
    } catch (error) {
      if (!(error instanceof ApiUnreachableError) || ++errors >= maxErrors) {
        if (tty) options.out.write('\n');
        throw error;
      }
      options.err.write(`${tty ? '\n' : ''}${error.message}; retrying (${errors}/${maxErrors - 1})\n`);
      await sleep(options.intervalMs);
      continue;
    }
    const done = ENDED.includes(batch.state);
    const elapsed = now() - Date.parse(batch.startedAt);
    const key = `${batch.state}|${JSON.stringify(batch.counts)}`;
    const { children: _children, ...withoutChildren } = batch;
    if (options.json) {
      if (key !== lastKey) options.out.write(`${JSON.stringify(withoutChildren)}\n`);
    } else if (tty) {
      const spinner = done ? (batch.state === 'SUCCEEDED' ? '✔' : '✖') : (SPINNER[tick++ % SPINNER.length] ?? '');
      options.out.write(`\r\u001b[2K${formatBatchProgress(batch, elapsed, spinner)}${done ? '\n' : ''}`);
    } else if (key !== lastKey) {
      options.out.write(`${formatBatchProgress(batch, elapsed)}\n`);
    }
    lastKey = key;
    if (done) {
      if (!options.json) options.out.write(`${formatBatchDetail(batch)}\n`);
      return batch;
    }
    await sleep(options.intervalMs);
  }
}
