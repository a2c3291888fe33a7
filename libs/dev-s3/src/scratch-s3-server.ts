// A throwaway S3 server for one test file: SeaweedFS on a fresh temporary data dir with random credentials
// and one bucket; stop() removes everything it made.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBucket } from './s3-client';
import { startS3Server, type S3Server } from './s3-server';
import { findOrBuildSeaweedfs } from './seaweedfs-binary';

/** Long enough to build SeaweedFS where nothing has provisioned it yet (about 8 min on 2 cores). */
export const SCRATCH_S3_SETUP_TIMEOUT_MS = 15 * 60_000;

export interface ScratchS3Server {
  server: S3Server;
  bucket: string;
  /** Stops the server and removes its data dir. */
  stop(): Promise<void>;
}

export async function startScratchS3Server(options: { name: string; bucket: string }): Promise<ScratchS3Server> {
  const weed = await findOrBuildSeaweedfs();
  if (!weed) throw new Error('no weed on PATH, none cached and no Go toolchain to build SeaweedFS with');
  const root = mkdtempSync(join(tmpdir(), `${options.name}-s3-`));
  let server: S3Server;
  try {
    server = await startS3Server({
      weedPath: weed.path,
      dataDir: join(root, 'data'),
      accessKeyId: `AK${randomBytes(9).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64url'),
      logFile: join(root, 'weed.log'),
    });
    await ensureBucket(server, options.bucket);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    bucket: options.bucket,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
