// Multipart uploads (lib-storage and by hand), ranged GETs and aborted uploads, against the real server.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBucket, s3ClientFor } from '../src';
import { bodyBytes, s3ErrorOf } from './support/s3-answers';
import { SERVER_SETUP_TIMEOUT_MS, startTestS3Server, type TestS3Server } from './support/test-s3-server';

const MiB = 1024 * 1024;
const bucket = 'multipart';
let test: TestS3Server;
let client: S3Client;

beforeAll(async () => {
  test = await startTestS3Server();
  client = s3ClientFor(test.server);
  await ensureBucket(test.server, bucket);
}, SERVER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  client?.destroy();
  await test?.dispose();
});

async function readObject(
  key: string,
  range?: string,
): Promise<{ bytes: Buffer; contentRange?: string; status?: number }> {
  const answer = await client.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }),
  );
  return {
    bytes: await bodyBytes(answer),
    ...(answer.ContentRange ? { contentRange: answer.ContentRange } : {}),
    ...(answer.$metadata.httpStatusCode ? { status: answer.$metadata.httpStatusCode } : {}),
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function s3ErrorName(call: Promise<unknown>): Promise<string> {
  return (await s3ErrorOf(call)).name;
}

describe('a multipart upload with @aws-sdk/lib-storage', () => {
  // Not a whole number of parts, so the last part is a short one.
  const body = randomBytes(50 * MiB + 12_345);
  const key = 'backups/crs-j30wibe7/dump.rdb';

  beforeAll(async () => {
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: Readable.from(chunks(body, 1 * MiB)) },
      partSize: 8 * MiB,
      queueSize: 2,
    });
    await upload.done();
  }, 120_000);

  it('stores ~50 MB in 8 MB parts and reads it back byte for byte', async () => {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(body.length);
    // A multipart ETag is "<md5 of the part md5s>-<part count>": 7 parts of at most 8 MiB.
    expect(head.ETag).toMatch(/-7"$/);
    const read = await readObject(key);
    expect(read.bytes.length).toBe(body.length);
    expect(sha256(read.bytes)).toBe(sha256(body));
  });

  it('answers ranged GETs with exactly the bytes asked for, across part boundaries too', async () => {
    const boundary = 8 * MiB;
    const ranges: [number, number][] = [
      [0, 0],
      [boundary - 1, boundary],
      [boundary - 100, 3 * boundary + 100],
      [12_345, 12_345 + MiB],
      [body.length - 1, body.length - 1],
    ];
    for (const [first, last] of ranges) {
      const read = await readObject(key, `bytes=${first}-${last}`);
      expect(read.status, `bytes=${first}-${last}`).toBe(206);
      expect(read.contentRange).toBe(`bytes ${first}-${last}/${body.length}`);
      expect(read.bytes.equals(body.subarray(first, last + 1)), `bytes=${first}-${last}`).toBe(true);
    }
  });

  it('answers an open-ended range and a suffix range', async () => {
    const from = body.length - 3 * MiB - 7;
    const open = await readObject(key, `bytes=${from}-`);
    expect(open.bytes.equals(body.subarray(from))).toBe(true);
    const suffix = await readObject(key, 'bytes=-4096');
    expect(suffix.contentRange).toBe(`bytes ${body.length - 4096}-${body.length - 1}/${body.length}`);
    expect(suffix.bytes.equals(body.subarray(body.length - 4096))).toBe(true);
  });

  it('refuses a range that starts past the end', async () => {
    expect(await s3ErrorName(readObject(key, `bytes=${body.length}-${body.length + 10}`))).toBe('InvalidRange');
  });
});

describe('a multipart upload driven by hand', () => {
  it('lists the uploaded parts and completes into the concatenation of the parts', async () => {
    const key = 'manual/dump.rdb';
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB + 3), randomBytes(1 * MiB + 5)];
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    expect(UploadId).toBeTruthy();
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const uploaded = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: index + 1, Body: part }),
      );
      etags.push(uploaded.ETag ?? '');
    }
    const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual(
      parts.map((part, index) => [index + 1, part.length, etags[index]]),
    );
    const completed = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
      }),
    );
    expect(completed.ETag).toMatch(/-3"$/);
    const read = await readObject(key);
    expect(read.bytes.equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses to complete with a part ETag that was not uploaded', async () => {
    const key = 'manual/bad-etag.rdb';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: randomBytes(1024) }),
    );
    const name = await s3ErrorName(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }] },
        }),
      ),
    );
    expect(name).toBe('InvalidPart');
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
  });

  it('leaves no upload and no object behind once aborted', async () => {
    const key = 'aborted/dump.rdb';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: randomBytes(5 * MiB) }),
    );
    const before = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'aborted/' }));
    expect(before.Uploads?.map((u) => u.UploadId)).toEqual([UploadId]);

    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));

    const after = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'aborted/' }));
    expect(after.Uploads ?? []).toEqual([]);
    expect(await s3ErrorName(client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })))).toBe('NotFound');
    expect(await s3ErrorName(client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId })))).toBe(
      'NoSuchUpload',
    );
  });
});

function* chunks(bytes: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
