// Where `npm start` archives: a directory under the data dir (file://.data/archive/) unless ARCHIVE_URL says
// otherwise, or with --s3 a local S3 server (SeaweedFS, built once per machine) with a bucket of its own.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBucket, findOrBuildSeaweedfs, startS3Server, type S3Server } from '@crs-export/dev-s3';

export const DEMO_ARCHIVE_BUCKET = 'crs-export';

export interface StackArchive {
  /** ARCHIVE_URL of the worker and the API. */
  url: string;
  /** What the worker and the API get on top of the environment (S3 settings; the keys for the worker only). */
  env: { worker: NodeJS.ProcessEnv; api: NodeJS.ProcessEnv };
  /** The S3 server started for it, if any. */
  s3: S3Server | null;
  stop(): Promise<void>;
}

export function directoryArchive(dataDir: string, env: NodeJS.ProcessEnv): StackArchive {
  const url = env['ARCHIVE_URL'] || pathToFileURL(join(dataDir, 'archive')).href;
  return {
    url,
    env: { worker: { ARCHIVE_URL: url }, api: { ARCHIVE_URL: url } },
    s3: null,
    stop: () => Promise.resolve(),
  };
}

export async function s3Archive(dataDir: string, log: (line: string) => void): Promise<StackArchive> {
  const weed = await findOrBuildSeaweedfs((line) => log(`[s3] ${line}`));
  if (!weed) throw new Error('--s3 needs SeaweedFS: put `weed` on PATH or install Go 1.25+ (it is then built once)');
  // Fresh keys every start (the server's identities file is written from them); the objects stay.
  const server = await startS3Server({
    weedPath: weed.path,
    dataDir: join(dataDir, 's3'),
    accessKeyId: `AK${randomBytes(9).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
    logFile: join(dataDir, 'logs', 's3.log'),
  });
  try {
    await ensureBucket(server, DEMO_ARCHIVE_BUCKET);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = `s3://${DEMO_ARCHIVE_BUCKET}/archive`;
  const s3Settings = {
    ARCHIVE_URL: url,
    ARCHIVE_S3_ENDPOINT: server.endpoint,
    ARCHIVE_S3_REGION: server.region,
    ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
  };
  return {
    url,
    env: {
      // The AWS SDK's chain reads these; only the worker writes archives.
      worker: { ...s3Settings, AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey },
      api: s3Settings,
    },
    s3: server,
    stop: () => server.stop(),
  };
}
