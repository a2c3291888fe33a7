// The worker process as deployed, SIGKILLed in the middle of archiving a 1 GiB file into the S3 server: a
// second worker process takes the transfer over once Temporal notices the first is gone (its heartbeats
// stop), resumes from the last part the heartbeat recorded with an HTTP Range request (its log says so),
// and the object ends byte-identical to Tencent's file, with no multipart upload left open.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { ExportStatus } from '@crs-export/contracts';
import { startCrsSimulator, type CrsSimulator } from '@crs-export/crs-simulator';
import {
  SCRATCH_S3_SETUP_TIMEOUT_MS,
  s3ClientFor,
  startScratchS3Server,
  type ScratchS3Server,
} from '@crs-export/dev-s3';
import { withLiveArchiveBytes } from '@crs-export/export-client';
import { TEST_CODEC_ENV, testDataConverter, testTemporalAddress } from '@crs-export/testing';
import { EXPORT_WORKFLOW_TYPE, exportStatusQuery, type exportRedisBackup } from '@crs-export/workflows';
import { bundleExportWorkflows } from '../src/workflow-bundle';
import { FAST_POLLING } from './support/export-harness';

const repoRoot = resolve(__dirname, '..', '..', '..');
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const BUCKET = 'resume-tests';
let sim: CrsSimulator;
let s3: ScratchS3Server;
let s3Client: S3Client;
let bundleDir: string;
let client: Client;

beforeAll(async () => {
  s3 = await startScratchS3Server({ name: 'worker-resume', bucket: BUCKET });
  s3Client = s3ClientFor(s3.server, { requestTimeoutMs: 300_000 });
  sim = await startCrsSimulator({ port: 0 });
  bundleDir = mkdtempSync(join(tmpdir(), 'crs-resume-bundle-'));
  writeFileSync(
    join(bundleDir, 'workflow-bundle.js'),
    (await bundleExportWorkflows({ logger: new DefaultLogger('WARN') })).code,
  );
  client = new Client({
    connection: await Connection.connect({ address: testTemporalAddress() }),
    dataConverter: await testDataConverter(),
  });
}, SCRATCH_S3_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await client?.connection.close();
  await sim?.close();
  s3Client?.destroy();
  await s3?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWorkerProcess(taskQueue: string): WorkerProcess {
  const { server } = s3;
  const child = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/worker/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      CRS_API_VERSION: '2',
      CRS_ENDPOINT: sim.endpoint,
      WORKFLOW_BUNDLE_PATH: join(bundleDir, 'workflow-bundle.js'),
      WORKER_METRICS_PORT: '0',
      WORKER_SHUTDOWN_GRACE_MS: '1000',
      LOG_LEVEL: 'info',
      ARCHIVE_URL: `s3://${BUCKET}/resume`,
      ARCHIVE_S3_ENDPOINT: server.endpoint,
      ARCHIVE_S3_REGION: server.region,
      ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      ...TEST_CODEC_ENV,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function sha256Of(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

function download(url: string): Promise<AsyncIterable<Buffer>> {
  return new Promise((resolveStream, reject) => {
    get(url, (response) =>
      response.statusCode === 200 ? resolveStream(response) : reject(new Error(`HTTP ${response.statusCode}`)),
    ).on('error', reject);
  });
}

describe('the worker process SIGKILLed during a 1 GiB transfer', () => {
  it(
    'is replaced by another that resumes with a Range request, and the object is byte-identical',
    { timeout: 600_000 },
    async () => {
      const redisId = 'crs-resume01';
      const backupId = randomUUID();
      sim.setScenario({
        credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
        exportDurationMs: 300,
        instances: [
          {
            redisId,
            redisName: 'orders',
            region: 'gz',
            regionId: 1,
            typeId: 1,
            status: 2,
            backups: [
              {
                backupId,
                status: 2,
                backupType: 'manualBackupInstance',
                startTime: '2026-11-28 03:00:00',
                exportOutcome: 'success',
                rdbBytes: GiB,
              },
            ],
          },
        ],
      });
      const taskQueue = `worker-resume-${randomUUID()}`;
      const first = startWorkerProcess(taskQueue);
      let second: WorkerProcess | null = null;
      try {
        const handle = await client.workflow.start<typeof exportRedisBackup>(EXPORT_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: `export-resume-${randomUUID()}`,
          args: [{ redisId, backupId, region: 'gz', polling: FAST_POLLING, destination: `s3://${BUCKET}/resume` }],
        });
        // Kill it once a good share of the file is in: the heartbeat's checkpoint says how much.
        const deadline = Date.now() + 300_000;
        for (;;) {
          const [reported, description] = await Promise.all([handle.query(exportStatusQuery), handle.describe()]);
          const live = await withLiveArchiveBytes(client, reported, description.raw.pendingActivities ?? []);
          if ((live.archive?.bytesDone ?? 0) >= 320 * MiB) break;
          if (Date.now() > deadline) throw new Error(`the transfer did not get far: ${JSON.stringify(live.archive)}`);
          await new Promise((done) => setTimeout(done, 250));
        }
        first.child.kill('SIGKILL');
        expect(await first.exited).toBeNull();
        second = startWorkerProcess(taskQueue);
        const status = (await handle.result()) as ExportStatus;
        expect(status.state).toBe('SUCCEEDED');
        expect(status.archive?.state).toBe('COMPLETE');
        // The second worker picked the transfer up from its checkpoint: a Range request from the last part.
        const resumed = second
          .output()
          .split('\n')
          .find((line) => line.includes('download resumed with a Range request') && line.includes('"reason":"resume"'));
        expect(resumed, second.output().slice(-2000)).toBeDefined();
        const offset = Number(/"offset":(\d+)/.exec(resumed ?? '')?.[1]);
        expect(offset).toBeGreaterThanOrEqual(320 * MiB);
        expect(resumed).toContain(`bytes=${offset}-`);
        // Byte for byte what Tencent serves.
        const file = status.archive?.files[0];
        const key = `resume/${redisId}/20261127T190000Z-${backupId}/shard-1.rdb`;
        const object = await s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        const [stored, source] = await Promise.all([
          sha256Of(object.Body as AsyncIterable<Buffer>),
          sha256Of(await download(status.files?.[0]?.extranetUrl ?? '')),
        ]);
        expect(stored).toBe(source);
        expect(file?.sha256).toBe(source);
        expect(object.ContentLength).toBe(GiB);
        // The download URL is a bearer secret (v2: the path itself): no log line of either worker holds it.
        const secretPath = new URL(status.files?.[0]?.extranetUrl ?? 'http://x/').pathname;
        expect(first.output()).not.toContain(secretPath);
        expect(second.output()).not.toContain(secretPath);
        const uploads = await s3Client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
        expect(uploads.Uploads ?? []).toEqual([]);
      } finally {
        first.child.kill('SIGKILL');
        second?.child.kill('SIGTERM');
        await second?.exited;
      }
    },
  );
});
