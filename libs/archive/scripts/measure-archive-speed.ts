// Measures the archive pipeline against its baseline, side by side in one run: the same backup files from
// the CRS simulator (its own process) into the same SeaweedFS S3 server, by transferFile (every check,
// resumable) and by a plain lib-storage pipe (no checks); each run in a fresh process, for its peak RSS.
// Run: node tools/run-ts.cjs libs/archive/scripts/measure-archive-speed.ts [MiB per shard] [shards] [rounds]
//      [part MiB] [upload concurrency] [part buffer budget MiB]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ensureBucket, findOrBuildSeaweedfs, s3ClientFor, startS3Server, type S3Server } from '@crs-export/dev-s3';
import type { BenchOutcome, BenchRun } from './bench-transfer';

const MiB = 1024 * 1024;
const root = resolve(import.meta.dirname, '..', '..', '..');
const runTs = join(root, 'tools', 'run-ts.cjs');
const BUCKET = 'archive-bench';

function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolveLine, reject) => {
    if (!child.stdout) throw new Error('no stdout');
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolveLine(line);
    });
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before printing`)));
  });
}

async function benchRun(run: BenchRun): Promise<BenchOutcome> {
  const child = spawn(process.execPath, [runTs, join(import.meta.dirname, 'bench-transfer.ts'), JSON.stringify(run)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: root,
  });
  return JSON.parse(await firstLine(child)) as BenchOutcome;
}

async function emptyBucket(server: S3Server): Promise<void> {
  const client = s3ClientFor(server);
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    for (const object of listed.Contents ?? []) {
      await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: object.Key }));
    }
  } finally {
    client.destroy();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const [shardMiB = 256, shards = 4, rounds = 3, partMiB = 8, uploadConcurrency = 2, poolMiB = 24] = process.argv
    .slice(2)
    .map(Number);
  const weed = await findOrBuildSeaweedfs();
  if (!weed) throw new Error('no weed and no Go toolchain to build it with');
  const dir = mkdtempSync(join(tmpdir(), 'archive-bench-'));
  const server = await startS3Server({
    weedPath: weed.path,
    dataDir: join(dir, 'data'),
    accessKeyId: 'AKARCHIVEBENCH',
    secretAccessKey: randomBytes(30).toString('base64url'),
  });
  const source = spawn(
    process.execPath,
    [
      runTs,
      join(import.meta.dirname, 'bench-source.ts'),
      ...Array.from({ length: shards }, () => String(shardMiB * MiB)),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: root },
  );
  try {
    await ensureBucket(server, BUCKET);
    const { files } = JSON.parse(await firstLine(source)) as { files: BenchRun['files'] };
    const results: BenchOutcome[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const filesAtOnce of [1, shards]) {
        for (const mode of round % 2 === 1 ? (['baseline', 'archive'] as const) : (['archive', 'baseline'] as const)) {
          const outcome = await benchRun({
            mode,
            endpoint: server.endpoint,
            region: server.region,
            accessKeyId: server.accessKeyId,
            secretAccessKey: server.secretAccessKey,
            bucket: BUCKET,
            keyPrefix: `${mode}-${round}-${filesAtOnce}`,
            files,
            filesAtOnce,
            partSizeBytes: partMiB * MiB,
            uploadConcurrency,
            poolBytes: poolMiB * MiB,
          });
          results.push(outcome);
          const mbps = outcome.bytes / MiB / outcome.seconds;
          process.stdout.write(
            `round ${round} ${mode.padEnd(8)} ${filesAtOnce} at once: ${mbps.toFixed(1)} MiB/s, ` +
              `RSS ${outcome.rssStartMiB.toFixed(0)} → peak ${outcome.rssPeakMiB.toFixed(0)} MiB ` +
              `(+${(outcome.rssPeakMiB - outcome.rssStartMiB).toFixed(0)}; ArrayBuffers +${outcome.arrayBuffersPeakMiB.toFixed(0)}), ` +
              `CPU ${outcome.cpuSeconds.toFixed(1)} s\n`,
          );
          await emptyBucket(server);
        }
      }
    }
    process.stdout.write(
      `\n${shards} × ${shardMiB} MiB, parts of ${partMiB} MiB, ${uploadConcurrency} uploads per file, ` +
        `part buffers ${poolMiB} MiB in all:\n`,
    );
    for (const filesAtOnce of [1, shards]) {
      const of = (mode: BenchRun['mode']): BenchOutcome[] =>
        results.filter((r) => r.mode === mode && r.filesAtOnce === filesAtOnce);
      const speeds = (mode: BenchRun['mode']): number[] => of(mode).map((r) => r.bytes / MiB / r.seconds);
      const growth = (mode: BenchRun['mode']): number => Math.max(...of(mode).map((r) => r.rssPeakMiB - r.rssStartMiB));
      // Each round's two runs are next to each other: their ratio is less at the mercy of the machine's load.
      const baseline = speeds('baseline');
      const ratios = speeds('archive').map((speed, round) => speed / (baseline[round] ?? Number.NaN));
      process.stdout.write(
        `  ${filesAtOnce} at once: archive ${median(speeds('archive')).toFixed(1)} MiB/s, baseline ` +
          `${median(baseline).toFixed(1)} MiB/s (medians); ratio per round ${ratios.map((r) => r.toFixed(2)).join(', ')} ` +
          `(median ${median(ratios).toFixed(2)}); peak RSS growth archive +${growth('archive').toFixed(0)} MiB, ` +
          `baseline +${growth('baseline').toFixed(0)} MiB (largest)\n`,
      );
    }
  } finally {
    source.stdin?.end();
    await new Promise((resolveExit) => source.once('exit', resolveExit));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
