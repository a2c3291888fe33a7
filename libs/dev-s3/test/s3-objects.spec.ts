// Listing with prefixes and pages, the copy-then-delete move, and SHA-256 checksums, against the real server.
import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBucket, s3ClientFor } from '../src';
import { bodyBytes, s3ErrorOf } from './support/s3-answers';
import { SERVER_SETUP_TIMEOUT_MS, startTestS3Server, type TestS3Server } from './support/test-s3-server';

const bucket = 'objects';
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

async function readObject(key: string): Promise<Buffer> {
  return bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
}

function sha256Base64(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

describe('listing', () => {
  const wanted = Array.from({ length: 23 }, (_, i) => `list/crs-a/${String(i).padStart(3, '0')}.rdb`);
  const others = ['list/crs-b/000.rdb', 'list/crs-b/001.rdb', 'list/crs-ab.rdb', 'other/000.rdb'];

  beforeAll(async () => {
    for (const key of [...wanted, ...others]) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
  });

  it('pages through a prefix with MaxKeys and continuation tokens, each key once, in order', async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/crs-a/', MaxKeys: 10, ContinuationToken: token }),
      );
      pages.push((page.Contents ?? []).map((object) => object.Key ?? ''));
      expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
      token = page.NextContinuationToken;
    } while (token);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 3]);
    expect(pages.flat()).toEqual(wanted);
  });

  it('groups keys under a delimiter into common prefixes', async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/crs-a/', 'list/crs-b/']);
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['list/crs-ab.rdb']);
  });

  it('starts after a given key', async () => {
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/crs-a/', StartAfter: wanted[20] }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual(wanted.slice(21));
  });
});

describe('upload to a temporary key, then move', () => {
  it('copies the object to its final key and deletes the temporary one', async () => {
    const body = randomBytes(2 * 1024 * 1024 + 1);
    const temporary = 'incoming/.dump.rdb.partial';
    const final = 'archive/crs-j30wibe7/dump.rdb';
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: temporary, Body: body, Metadata: { 'backup-id': 'b-1' } }),
    );
    const copied = await client.send(
      new CopyObjectCommand({ Bucket: bucket, Key: final, CopySource: `${bucket}/${encodeURIComponent(temporary)}` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBeTruthy();
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: temporary }));

    expect((await readObject(final)).equals(body)).toBe(true);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: final }));
    expect(head.Metadata).toEqual({ 'backup-id': 'b-1' });
    expect((await s3ErrorOf(client.send(new HeadObjectCommand({ Bucket: bucket, Key: temporary })))).name).toBe(
      'NotFound',
    );
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'incoming/' }));
    expect(listed.KeyCount).toBe(0);
  });

  it('answers a DeleteObject of a key that is gone with success, as S3 does', async () => {
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'incoming/never-there' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });
});

describe('x-amz-checksum-sha256', () => {
  it('is accepted on PutObject when it matches the body, stored, and returned on request', async () => {
    const body = randomBytes(1024 * 1024 + 3);
    const checksum = sha256Base64(body);
    const put = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'checksum/right.rdb', Body: body, ChecksumSHA256: checksum }),
    );
    expect(put.ChecksumSHA256).toBe(checksum);
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'checksum/right.rdb', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumSHA256).toBe(checksum);
    expect((await readObject('checksum/right.rdb')).equals(body)).toBe(true);
  });

  it('refuses a PutObject whose body does not match it, and stores nothing', async () => {
    const body = randomBytes(64 * 1024);
    const error = await s3ErrorOf(
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'checksum/wrong.rdb',
          Body: body,
          ChecksumSHA256: sha256Base64(Buffer.concat([body, Buffer.from('x')])),
        }),
      ),
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.name).toBe('BadDigest');
    expect(
      (await s3ErrorOf(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'checksum/wrong.rdb' })))).name,
    ).toBe('NotFound');
  });

  it('refuses an UploadPart whose body does not match it', async () => {
    const key = 'checksum/multipart.rdb';
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'SHA256' }),
    );
    const part = randomBytes(5 * 1024 * 1024);
    const error = await s3ErrorOf(
      client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 1,
          Body: part,
          ChecksumSHA256: sha256Base64(part.subarray(1)),
        }),
      ),
    );
    expect(error.name).toBe('BadDigest');
    const right = await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: part,
        ChecksumSHA256: sha256Base64(part),
      }),
    );
    expect(right.ChecksumSHA256).toBe(sha256Base64(part));
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
  });

  it('gives a multipart upload the composite checksum S3 defines, and refuses a Complete with a wrong part checksum', async () => {
    const key = 'checksum/composite.rdb';
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(77)];
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'SHA256' }),
    );
    const uploaded = [];
    for (const [index, part] of parts.entries()) {
      const answer = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: index + 1,
          Body: part,
          ChecksumSHA256: sha256Base64(part),
        }),
      );
      uploaded.push({ PartNumber: index + 1, ETag: answer.ETag, ChecksumSHA256: answer.ChecksumSHA256 });
    }
    const wrongPart = { ...uploaded[0], ChecksumSHA256: sha256Base64(parts[1] ?? Buffer.alloc(0)) };
    const refused = await s3ErrorOf(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [wrongPart, ...uploaded.slice(1)] },
        }),
      ),
    );
    expect(refused.name).toBe('BadDigest');

    const completed = await client.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    // The SHA-256 of the parts' raw SHA-256 digests, then "-<part count>".
    const digests = Buffer.concat(parts.map((part) => createHash('sha256').update(part).digest()));
    const composite = `${sha256Base64(digests)}-${parts.length}`;
    expect([completed.ChecksumSHA256, completed.ChecksumType]).toEqual([composite, 'COMPOSITE']);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(composite);
  });

  it('is not returned per part by ListParts (a SeaweedFS gap: a resumed upload must keep the part checksums itself)', async () => {
    const key = 'checksum/list-parts.rdb';
    const part = randomBytes(1024);
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'SHA256' }),
    );
    await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: part,
        ChecksumSHA256: sha256Base64(part),
      }),
    );
    const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ChecksumSHA256])).toEqual([[1, part.length, undefined]]);
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
  });

  it('is answered with the size and parts by one GetObjectAttributes asking for several attributes', async () => {
    const attributes = await client.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: 'checksum/composite.rdb',
        ObjectAttributes: ['ObjectSize', 'Checksum', 'ObjectParts', 'ETag'],
      }),
    );
    expect(attributes.ObjectSize).toBe(2 * 5 * 1024 * 1024 + 77);
    expect(attributes.Checksum?.ChecksumSHA256).toMatch(/-3$/);
    expect(attributes.ObjectParts?.Parts?.map((p) => p.Size)).toEqual([5 * 1024 * 1024, 5 * 1024 * 1024, 77]);
    expect(attributes.ETag).toMatch(/-3$/);
  });
});
