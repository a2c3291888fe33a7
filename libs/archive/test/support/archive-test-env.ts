// What the archive's tests stand on: a real S3 server (SeaweedFS, started for one test file under the OS
// temp dir), temporary directories, and readers of what a store holds. Every start has its stop.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { SCRATCH_S3_SETUP_TIMEOUT_MS, s3ClientFor, startScratchS3Server, type S3Server } from '@crs-export/dev-s3';
import { openArchiveStore, type ArchiveStore, type S3StoreOptions } from '../../src';

export const S3_SETUP_TIMEOUT_MS = SCRATCH_S3_SETUP_TIMEOUT_MS;
export const TEST_BUCKET = 'archive-tests';

export interface TestS3 {
  server: S3Server;
  options: S3StoreOptions;
  /** A raw client, for what the tests check behind the store's back (open uploads). */
  client: S3Client;
  /** A store rooted at `s3://archive-tests/<prefix>`. */
  store(prefix: string): ArchiveStore;
  /** Open multipart uploads in the bucket, as S3 lists them. */
  openUploads(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startTestS3(): Promise<TestS3> {
  const scratch = await startScratchS3Server({ name: 'archive', bucket: TEST_BUCKET });
  const { server } = scratch;
  const stores: ArchiveStore[] = [];
  const options: S3StoreOptions = {
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
  const client = s3ClientFor(server);
  return {
    server,
    options,
    client,
    store: (prefix) => {
      const store = openArchiveStore(prefix ? `s3://${TEST_BUCKET}/${prefix}` : `s3://${TEST_BUCKET}`, { s3: options });
      stores.push(store);
      return store;
    },
    openUploads: async () => {
      const answer = await client.send(new ListMultipartUploadsCommand({ Bucket: TEST_BUCKET }));
      return (answer.Uploads ?? []).map((upload) => `${upload.Key ?? ''} ${upload.UploadId ?? ''}`);
    },
    stop: async () => {
      for (const store of stores) store.close();
      client.destroy();
      await scratch.stop();
    },
  };
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(name: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `archive-${name}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function bytesOf(stream: Readable | AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function sha256Of(stream: Readable | AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export async function storedBytes(store: ArchiveStore, key: string): Promise<Buffer> {
  return bytesOf(await store.get(key));
}

/** A plain GET of a URL, the way a person would fetch the file (no checks, no retries). */
export function download(url: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      if (response.statusCode === 200) resolve(response);
      else {
        response.resume();
        reject(new Error(`HTTP ${response.statusCode} for ${url.split('?')[0]}`));
      }
    }).on('error', reject);
  });
}

/** Every key in the store (objects only). */
export async function allKeys(store: ArchiveStore, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.list(prefix, { cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return keys;
}
