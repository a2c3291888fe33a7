// Starts a SeaweedFS S3 server for one test file, in a fresh directory under the OS temp dir, and removes both.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrBuildSeaweedfs, startS3Server, type S3Server, type S3ServerOptions } from '../../src';

/** Long enough to build SeaweedFS on a machine where CI has not provisioned it (about 8 min on 2 cores). */
export const SERVER_SETUP_TIMEOUT_MS = 15 * 60_000;

export interface TestS3Server {
  server: S3Server;
  /** Holds the data dir; removed by `dispose`. */
  root: string;
  weedPath: string;
  /** The server's log, kept until dispose. */
  logFile: string;
  dispose(): Promise<void>;
}

export async function startTestS3Server(overrides: Partial<S3ServerOptions> = {}): Promise<TestS3Server> {
  const weed = await findOrBuildSeaweedfs();
  if (!weed) throw new Error('no weed on PATH, none cached and no Go toolchain to build SeaweedFS with');
  const root = mkdtempSync(join(tmpdir(), 'dev-s3-test-'));
  const logFile = join(root, 'weed.log');
  try {
    const server = await startS3Server({
      weedPath: weed.path,
      dataDir: join(root, 'data'),
      accessKeyId: `AK${randomBytes(9).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64url'),
      logFile,
      ...overrides,
    });
    return {
      server,
      root,
      weedPath: weed.path,
      logFile,
      dispose: async () => {
        await server.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
