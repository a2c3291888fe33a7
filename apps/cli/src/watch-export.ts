// `watch`: polls one export until it ends, redrawing a single line on a terminal, plain lines otherwise.
import { isTerminalExportState } from '@crs-export/contracts';
import { ApiUnreachableError, type ExportApiClient } from './export-api-client';
import type { ExportResource } from './export-resource';
import { formatArchiveProgress, TransferRate } from './archive-progress';
import { formatOutcome, formatProgressLine } from './export-format';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface WatchOptions {
  client: ExportApiClient;
  exportId: string;
  intervalMs: number;
  /** Ask for the download URLs (`?include=urls`), to print them at the end. */
  urls?: boolean;
  json: boolean;
  out: OutputStream;
  err: OutputStream;
  /** Consecutive failed polls tolerated (the API restarting) before giving up. */
  maxConsecutiveErrors?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Resolves with the export in its terminal state; rejects when the API stays unreachable or errs. */
export async function watchExport(options: WatchOptions): Promise<ExportResource> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const watchStarted = now();
  const tty = options.out.isTTY === true && !options.json;
  const maxErrors = options.maxConsecutiveErrors ?? 5;
  let errors = 0;
  let tick = 0;
  let lastKey = '';
  const rate = new TransferRate();
  for (;;) {
    let item: ExportResource;
    try {
      item = await options.client.getExport(options.exportId, { urls: options.urls === true });
      errors = 0;
    } catch (error) {
      // Only an unreachable API is worth waiting out; a 4xx will not change by itself.
      if (!(error instanceof ApiUnreachableError) || ++errors >= maxErrors) {
        if (tty) options.out.write('\n');
        throw error;
      }
      options.err.write(`${tty ? '\n' : ''}${error.message}; retrying (${errors}/${maxErrors - 1})\n`);
      await sleep(options.intervalMs);
      continue;
    }
    const startedAt = item.startedAt ? Date.parse(item.startedAt) : NaN;
    const elapsed = now() - (Number.isFinite(startedAt) ? startedAt : watchStarted);
    const done = isTerminalExportState(item.state);
    const archiving = item.state === 'ARCHIVING' && item.archive ? item.archive : null;
    if (archiving) rate.add(now(), archiving.bytesDone);
    const archiveText = archiving ? `  ${formatArchiveProgress(archiving, rate.bytesPerSecond())}` : '';
    const key = `${item.state}|${item.taskStatus}|${item.polls}|${archiving?.bytesDone ?? ''}`;
    if (options.json) {
      if (key !== lastKey) options.out.write(`${JSON.stringify(item)}\n`);
    } else if (tty) {
      const spinner = done ? (item.state === 'SUCCEEDED' ? '✔' : '✖') : (SPINNER[tick++ % SPINNER.length] ?? '');
      options.out.write(`\r\u001b[2K${formatProgressLine(item, elapsed, spinner)}${archiveText}${done ? '\n' : ''}`);
    } else if (key !== lastKey) {
      options.out.write(`${formatProgressLine(item, elapsed)}${archiveText}\n`);
    }
    lastKey = key;
    if (done) {
      if (!options.json) options.out.write(`${formatOutcome(item, elapsed)}\n`);
      return item;
    }
    await sleep(options.intervalMs);
  }
}
