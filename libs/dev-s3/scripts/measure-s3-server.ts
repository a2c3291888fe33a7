// Measures the S3 test server for the README: start and restart time, idle and peak memory, upload speed.
// Run: node tools/run-ts.cjs libs/dev-s3/scripts/measure-s3-server.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ensureBucket, findOrBuildSeaweedfs, s3ClientFor, startS3Server } from '../src';

const MiB = 1024 * 1024;

/** Resident memory now and at its peak (VmHWM), in MiB: `weed mini` is one process. */
function memory(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string): number =>
    Math.round(Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]) / 1024);
  return `RSS ${mib('VmRSS')} MiB, peak ${mib('VmHWM')} MiB`;
}

function since(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const weed = await findOrBuildSeaweedfs();
  if (!weed) throw new Error('no weed and no Go toolchain to build it with');
  const root = mkdtempSync(join(tmpdir(), 'dev-s3-measure-'));
  let started = Date.now();
  const server = await startS3Server({
    weedPath: weed.path,
    dataDir: join(root, 'data'),
    accessKeyId: 'AKMEASURE',
    secretAccessKey: randomBytes(30).toString('base64url'),
  });
  const client = s3ClientFor(server);
  const pid = (): number => server.service.pid ?? 0;
  try {
    process.stdout.write(`ready in ${since(started)} on a fresh data dir; ${memory(pid())}\n`);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    process.stdout.write(`idle 15 s: ${memory(pid())}\n`);
    await ensureBucket(server, 'measure');
    for (const mib of [50, 200]) {
      const body = randomBytes(mib * MiB);
      started = Date.now();
      const params = { Bucket: 'measure', Key: `object-${mib}`, Body: Readable.from([body]) };
      await new Upload({ client, params, partSize: 8 * MiB, queueSize: 4 }).done();
      const upload = since(started);
      started = Date.now();
      const answer = await client.send(new GetObjectCommand({ Bucket: 'measure', Key: `object-${mib}` }));
      const read = Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
      if (!read.equals(body)) throw new Error(`object-${mib} read back different`);
      process.stdout.write(`${mib} MiB in 8 MiB parts: upload ${upload}, GET ${since(started)}; ${memory(pid())}\n`);
    }
    started = Date.now();
    await server.restart();
    process.stdout.write(`restart (stop, start, master warm-up) in ${since(started)}\n`);
  } finally {
    client.destroy();
    started = Date.now();
    await server.stop();
    process.stdout.write(`stopped in ${since(started)}\n`);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
