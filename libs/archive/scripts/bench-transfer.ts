// One run of the archive benchmark, in a fresh process so that its peak RSS is its own: the files moved
// into S3 either by transferFile (checks, resumable) or by the baseline (the same bytes piped through
// @aws-sdk/lib-storage's Upload, same client, no checks). Prints one JSON line with bytes, time and memory.
// Run by measure-archive-speed.ts with one JSON argument (BenchRun).
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client, openArchiveStore, PartBufferPool, transferFile } from '../src';

export interface BenchRun {
  mode: 'archive' | 'baseline';
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  keyPrefix: string;
  files: { shard: number; url: string; sizeBytes: number }[];
  /** Files moved at once. */
  filesAtOnce: number;
  partSizeBytes: number;
  uploadConcurrency: number;
  /** The archive's part buffer budget for the whole process. */
  poolBytes: number;
}

export interface BenchOutcome {
  mode: BenchRun['mode'];
  filesAtOnce: number;
  bytes: number;
  seconds: number;
  rssStartMiB: number;
  rssPeakMiB: number;
  /** Peak growth of ArrayBuffer memory (part buffers, download chunks not yet collected), sampled. */
  arrayBuffersPeakMiB: number;
  cpuSeconds: number;
}

function statusMiB(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]) / 1024;
}

function download(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      if (response.statusCode === 200) resolve(response);
      else reject(new Error(`HTTP ${response.statusCode} for the baseline's download`));
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const run = JSON.parse(process.argv[2] ?? '{}') as BenchRun;
  const s3 = {
    endpoint: run.endpoint,
    region: run.region,
    forcePathStyle: true,
    credentials: { accessKeyId: run.accessKeyId, secretAccessKey: run.secretAccessKey },
  };
  const client = createS3Client(s3);
  const store = openArchiveStore(`s3://${run.bucket}/${run.keyPrefix}`, { s3Client: client });
  const bufferPool = new PartBufferPool(run.poolBytes);
  const moveOne = async (file: BenchRun['files'][number]): Promise<void> => {
    const key = `shard-${file.shard}.rdb`;
    if (run.mode === 'archive') {
      await transferFile({
        store,
        key,
        shard: file.shard,
        source: { url: file.url, sizeBytes: file.sizeBytes },
        partSizeBytes: run.partSizeBytes,
        uploadConcurrency: run.uploadConcurrency,
        bufferPool,
      });
      return;
    }
    const body = await download(file.url);
    await new Upload({
      client,
      params: { Bucket: run.bucket, Key: `${run.keyPrefix}/${key}`, Body: body },
      partSize: run.partSizeBytes,
      queueSize: run.uploadConcurrency,
    }).done();
  };
  const rssStartMiB = statusMiB('VmRSS');
  const arrayBuffersStart = process.memoryUsage().arrayBuffers;
  let arrayBuffersPeak = 0;
  const sampler = setInterval(() => {
    arrayBuffersPeak = Math.max(arrayBuffersPeak, process.memoryUsage().arrayBuffers - arrayBuffersStart);
  }, 25);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const queue = [...run.files];
  await Promise.all(
    Array.from({ length: run.filesAtOnce }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) await moveOne(file);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const used = process.cpuUsage(cpu);
  const outcome: BenchOutcome = {
    mode: run.mode,
    filesAtOnce: run.filesAtOnce,
    bytes: run.files.reduce((sum, file) => sum + file.sizeBytes, 0),
    seconds,
    rssStartMiB,
    rssPeakMiB: statusMiB('VmHWM'),
    arrayBuffersPeakMiB: arrayBuffersPeak / 1024 / 1024,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
  client.destroy();
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
