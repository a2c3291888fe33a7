// The archive benchmark: the same backup files, served by the CRS simulator in a process of its own, moved
// into the same SeaweedFS S3 server by the archive pipeline (transferFile: every check, resumable) and by a
// baseline that pipes the bytes through @aws-sdk/lib-storage with the same client and no checks, rounds
// alternating which goes first. Each run is a fresh process (libs/archive/scripts/bench-transfer.ts), so its
// peak RSS is its own. Throughput: a 1 GiB 3-shard backup (short: 96 MiB); memory: 4 transfers at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ensureBucket, findOrBuildSeaweedfs, s3ClientFor, startS3Server, type S3Server } from '@crs-export/dev-s3';

/** One measured transfer: the archive pipeline or its baseline, moving `bytes` in `seconds`. */
export interface ArchiveRun {
  /** `archive` (transferFile, every check) or `baseline` (a plain lib-storage pipe). */
  mode: string;
  /** Files moved at once. */
  filesAtOnce: number;
  bytes: number;
  seconds: number;
  /** Peak RSS of the process that moved them, if measured. */
  rssPeakMiB?: number;
  /** Peak RSS over the process's RSS when it started moving. */
  rssGrowthMiB?: number;
  round?: number;
}

export interface ArchiveThroughputFigures {
  /** How the figures were made (command, sizes, servers). */
  description: string;
  runs: ArchiveRun[];
  /** Median over rounds of archive / baseline MiB/s for the 3-shard backup, each round's pair side by side. */
  throughputRatio?: number;
  /** Largest peak RSS growth of the archive with 4 transfers at once. */
  rssGrowthWith4MiB?: number;
}

export interface ArchiveRunnerContext {
  rootDir: string;
  workDir: string;
  short: boolean;
  log: (line: string) => void;
}

const MiB = 1024 * 1024;
const BUCKET = 'archive-bench';
const PART_MIB = 8;
const UPLOAD_CONCURRENCY = 2;
const POOL_MIB = 24;

/** MiB per second of a run. */
export function mibPerSecond(run: ArchiveRun): number {
  return Number((run.bytes / 2 ** 20 / run.seconds).toFixed(1));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolveLine, reject) => {
    if (!child.stdout) throw new Error(`${what}: no stdout`);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolveLine(line);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before printing`)));
  });
}

interface SourceFile {
  shard: number;
  url: string;
  sizeBytes: number;
}

interface TransferOutcome {
  bytes: number;
  seconds: number;
  rssStartMiB: number;
  rssPeakMiB: number;
}

async function emptyBucket(server: S3Server): Promise<void> {
  const client = s3ClientFor(server);
  try {
    for (;;) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const keys = (listed.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }));
      if (keys.length === 0) return;
      await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys } }));
    }
  } finally {
    client.destroy();
  }
}

export async function runArchiveThroughput(context: ArchiveRunnerContext): Promise<ArchiveThroughputFigures> {
  const { rootDir, workDir, short, log } = context;
  const runTs = join(rootDir, 'tools', 'run-ts.cjs');
  const scripts = join(rootDir, 'libs', 'archive', 'scripts');
  const shardBytes = short ? 32 * MiB : Math.ceil((1024 * MiB) / 3);
  const memoryBytes = short ? 32 * MiB : 128 * MiB;
  const rounds = short ? 1 : 3;
  const weed = await findOrBuildSeaweedfs(log);
  if (!weed) throw new Error('no weed on PATH and no Go toolchain to build SeaweedFS with');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const server = await startS3Server({
    weedPath: weed.path,
    dataDir: join(workDir, 's3'),
    accessKeyId: `AK${randomBytes(9).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
    logFile: join(workDir, 's3.log'),
  });
  // Shards 1-3: the 3-shard backup of the throughput runs; 4-7: the four files of the memory run.
  const sizes = [shardBytes, shardBytes, shardBytes, memoryBytes, memoryBytes, memoryBytes, memoryBytes];
  const source = spawn(process.execPath, [runTs, join(scripts, 'bench-source.ts'), ...sizes.map(String)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: rootDir,
  });
  const runs: ArchiveRun[] = [];
  try {
    await ensureBucket(server, BUCKET);
    const { files } = JSON.parse(await firstLine(source, 'the download source')) as { files: SourceFile[] };
    const transfer = async (mode: 'archive' | 'baseline', chosen: SourceFile[], round: number): Promise<void> => {
      const child = spawn(
        process.execPath,
        [
          runTs,
          join(scripts, 'bench-transfer.ts'),
          JSON.stringify({
            mode,
            endpoint: server.endpoint,
            region: server.region,
            accessKeyId: server.accessKeyId,
            secretAccessKey: server.secretAccessKey,
            bucket: BUCKET,
            keyPrefix: `${mode}-${round}-${chosen.length}`,
            files: chosen,
            filesAtOnce: chosen.length,
            partSizeBytes: PART_MIB * MiB,
            uploadConcurrency: UPLOAD_CONCURRENCY,
            poolBytes: POOL_MIB * MiB,
          }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], cwd: rootDir },
      );
      const outcome = JSON.parse(await firstLine(child, `the ${mode} transfer`)) as TransferOutcome;
      const run: ArchiveRun = {
        mode,
        filesAtOnce: chosen.length,
        bytes: outcome.bytes,
        seconds: Number(outcome.seconds.toFixed(2)),
        rssPeakMiB: Math.round(outcome.rssPeakMiB),
        rssGrowthMiB: Math.round(outcome.rssPeakMiB - outcome.rssStartMiB),
        round,
      };
      runs.push(run);
      log(
        `archive round ${round} ${mode.padEnd(8)} ${chosen.length} at once: ${mibPerSecond(run)} MiB/s, RSS +${run.rssGrowthMiB} MiB`,
      );
      await emptyBucket(server);
    };
    const backup = files.slice(0, 3);
    const four = files.slice(3, 7);
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? (['baseline', 'archive'] as const) : (['archive', 'baseline'] as const);
      for (const mode of order) await transfer(mode, backup, round);
      await transfer('archive', four, round);
    }
  } finally {
    source.stdin?.end();
    await new Promise((resolveExit) => source.once('exit', resolveExit));
    await server.stop();
  }
  const of = (mode: string, filesAtOnce: number): ArchiveRun[] =>
    runs.filter((run) => run.mode === mode && run.filesAtOnce === filesAtOnce);
  const baseline = of('baseline', 3);
  const ratios = of('archive', 3).map((run) => {
    const pair = baseline.find((candidate) => candidate.round === run.round);
    return pair ? mibPerSecond(run) / mibPerSecond(pair) : Number.NaN;
  });
  return {
    description:
      `3 shards of ${(shardBytes / MiB).toFixed(0)} MiB (the throughput runs, all three at once) and 4 files of ` +
      `${memoryBytes / MiB} MiB (the memory run, four at once), served by the CRS simulator in its own process, into ` +
      `one SeaweedFS S3 server; parts of ${PART_MIB} MiB, ${UPLOAD_CONCURRENCY} part uploads per file, part buffers ` +
      `${POOL_MIB} MiB in all; ${rounds} round(s), alternating which mode goes first; each run a fresh process ` +
      '(libs/archive/scripts/bench-transfer.ts). Ratio: the median over rounds of archive / baseline MiB/s.',
    runs,
    throughputRatio: Number(median(ratios).toFixed(2)),
    rssGrowthWith4MiB: Math.max(...of('archive', 4).map((run) => run.rssGrowthMiB ?? 0)),
  };
}

/** The archive benchmark as `npm run bench` runs it (its `archive` section). */
export const ARCHIVE_RUNNER: ((context: ArchiveRunnerContext) => Promise<ArchiveThroughputFigures>) | null =
  runArchiveThroughput;
