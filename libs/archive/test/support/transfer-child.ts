// A transfer in a process of its own, for the tests that SIGKILL it in the middle (a worker killed) and
// that measure its memory: prints a JSON line at the start, after each checkpoint and at the end, each
// with the process's RSS at the start and its peak so far (VmHWM).
// Run: node tools/run-ts.cjs libs/archive/test/support/transfer-child.ts '<TransferChildInput as JSON>'
import { readFileSync } from 'node:fs';
import { openArchiveStore, transferFile, type S3StoreOptions, type TransferCheckpoint } from '../../src';

export interface TransferChildInput {
  url: string;
  sizeBytes: number;
  destination: string;
  s3: S3StoreOptions;
  key: string;
  shard: number;
  partSizeBytes: number;
}

export type TransferChildLine =
  | { type: 'start'; rssStartMiB: number }
  | { type: 'checkpoint'; checkpoint: TransferCheckpoint; rssStartMiB: number; rssPeakMiB: number }
  | { type: 'done'; sha256: string; sizeBytes: number; rssStartMiB: number; rssPeakMiB: number };

function statusMiB(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]) / 1024;
}

function say(line: TransferChildLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as TransferChildInput;
  const store = openArchiveStore(input.destination, { s3: input.s3 });
  const rssStartMiB = statusMiB('VmRSS');
  say({ type: 'start', rssStartMiB });
  const result = await transferFile({
    store,
    key: input.key,
    shard: input.shard,
    source: { url: input.url, sizeBytes: input.sizeBytes },
    partSizeBytes: input.partSizeBytes,
    onCheckpoint: (checkpoint) => say({ type: 'checkpoint', checkpoint, rssStartMiB, rssPeakMiB: statusMiB('VmHWM') }),
  });
  say({
    type: 'done',
    sha256: result.sha256,
    sizeBytes: result.sizeBytes,
    rssStartMiB,
    rssPeakMiB: statusMiB('VmHWM'),
  });
  store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
