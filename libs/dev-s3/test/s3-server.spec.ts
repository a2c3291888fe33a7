// The S3 server itself: credentials refused or accepted, loopback-only ports, state kept across restarts and crashes.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processGroupAlive } from '@crs-export/process-supervisor';
import { ensureBucket, S3ServerPortError, s3ClientFor, startS3Server } from '../src';
import { seaweedfsSocketFiles } from '../src/seaweedfs-command';
import { isLoopback, listeningSockets, processGroupPids } from './support/process-sockets';
import { bodyBytes, s3ErrorOf } from './support/s3-answers';
import { SERVER_SETUP_TIMEOUT_MS, startTestS3Server, type TestS3Server } from './support/test-s3-server';

let test: TestS3Server;
let client: S3Client;

beforeAll(async () => {
  test = await startTestS3Server();
  client = s3ClientFor(test.server);
}, SERVER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  client?.destroy();
  await test?.dispose();
});

describe('the SeaweedFS S3 server', () => {
  it('answers a ListBuckets signed with its credentials', async () => {
    const listed = await client.send(new ListBucketsCommand({}));
    expect(listed.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses reads and writes signed with a wrong secret, and stores nothing', async () => {
    const bucket = `wrong-${randomBytes(4).toString('hex')}`;
    await ensureBucket(test.server, bucket);
    const wrong = s3ClientFor(
      { ...test.server, secretAccessKey: `${test.server.secretAccessKey}x` },
      { maxAttempts: 1 },
    );
    const list = await s3ErrorOf(wrong.send(new ListBucketsCommand({})));
    const put = await s3ErrorOf(wrong.send(new PutObjectCommand({ Bucket: bucket, Key: 'planted.rdb', Body: 'x' })));
    wrong.destroy();
    expect([list.$metadata.httpStatusCode, list.name]).toEqual([403, 'SignatureDoesNotMatch']);
    expect([put.$metadata.httpStatusCode, put.name]).toEqual([403, 'SignatureDoesNotMatch']);
    const planted = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'planted.rdb' })));
    expect(planted.name).toBe('NoSuchKey');
  });

  it('refuses a request signed with an unknown access key', async () => {
    const unknown = s3ClientFor({ ...test.server, accessKeyId: 'AKNOTCONFIGURED0000' }, { maxAttempts: 1 });
    const error = await s3ErrorOf(unknown.send(new ListBucketsCommand({})));
    unknown.destroy();
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.name).toBe('InvalidAccessKeyId');
  });

  it('refuses unsigned requests, reads and writes alike', async () => {
    const bucket = `anon-${randomBytes(4).toString('hex')}`;
    await ensureBucket(test.server, bucket);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.rdb', Body: 'REDIS0011' }));
    const read = await fetch(`${test.server.endpoint}/${bucket}/secret.rdb`);
    const write = await fetch(`${test.server.endpoint}/${bucket}/planted.rdb`, { method: 'PUT', body: 'x' });
    const listing = await fetch(`${test.server.endpoint}/`);
    expect([read.status, write.status, listing.status]).toEqual([403, 403, 403]);
    const planted = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'planted.rdb' })));
    expect(planted.name).toBe('NoSuchKey');
  });

  it('keeps the credentials in a file only its owner can read, under the data dir', () => {
    const file = join(test.server.dataDir, 's3-identities.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('answers NoSuchBucket for an upload into a bucket that does not exist, instead of creating it', async () => {
    const error = await s3ErrorOf(
      client.send(new PutObjectCommand({ Bucket: `missing-${randomBytes(4).toString('hex')}`, Key: 'k', Body: 'x' })),
    );
    expect(error.name).toBe('NoSuchBucket');
  });

  it('creates a bucket once and accepts ensureBucket again for the same bucket', async () => {
    const bucket = `ensure-${randomBytes(4).toString('hex')}`;
    await ensureBucket(test.server, bucket);
    await ensureBucket(test.server, bucket);
    const listed = await client.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.filter((b) => b.Name === bucket)).toHaveLength(1);
  });

  it('listens on 127.0.0.1 only, on every one of its ports', () => {
    const pid = test.server.service.pid;
    expect(pid).not.toBeNull();
    const sockets = listeningSockets(processGroupPids(pid ?? 0));
    expect(sockets.filter((socket) => !isLoopback(socket.address))).toEqual([]);
    // Exactly the ports it was given: no debug, metrics, WebDAV, Iceberg or other side listener.
    const tcpPorts = [...new Set(sockets.filter((s) => s.protocol.startsWith('tcp')).map((s) => s.port))];
    const byNumber = (a: number, b: number): number => a - b;
    expect(tcpPorts.sort(byNumber)).toEqual(Object.values(test.server.ports).sort(byNumber));
  });
});

describe('the data dir', () => {
  it('keeps buckets and objects across a restart of the server', async () => {
    const bucket = `restart-${randomBytes(4).toString('hex')}`;
    const body = randomBytes(3 * 1024 * 1024 + 17);
    await ensureBucket(test.server, bucket);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dump.rdb', Body: body }));
    const pidBefore = test.server.service.pid;
    await test.server.restart();
    expect(test.server.service.pid).not.toBe(pidBefore);
    expect(processGroupAlive(pidBefore ?? 0)).toBe(false);
    const after = s3ClientFor(test.server);
    const bytes = await bodyBytes(await after.send(new GetObjectCommand({ Bucket: bucket, Key: 'dump.rdb' })));
    after.destroy();
    expect(bytes.equals(body)).toBe(true);
  });

  it('keeps an object whose upload had completed when the server was killed with SIGKILL', async () => {
    const bucket = `crash-${randomBytes(4).toString('hex')}`;
    const body = randomBytes(9 * 1024 * 1024 + 5);
    await ensureBucket(test.server, bucket);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dump.rdb', Body: body }));
    test.server.service.signal('SIGKILL');
    await test.server.service.exited();
    await test.server.restart();
    const bytes = await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'dump.rdb' })));
    expect(bytes.equals(body)).toBe(true);
  });

  it('is enough for a new server to serve what the first one stored, on the same ports, and to take new buckets', async () => {
    const { dataDir, accessKeyId, secretAccessKey, ports } = test.server;
    const bucket = `reopen-${randomBytes(4).toString('hex')}`;
    const body = randomBytes(64 * 1024);
    await ensureBucket(test.server, bucket);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dump.rdb', Body: body }));
    await test.server.stop();
    const second = await startS3Server({
      weedPath: test.weedPath,
      dataDir,
      accessKeyId,
      secretAccessKey,
      logFile: test.logFile,
    });
    // dispose() stops whichever server is current.
    test.server = second;
    expect(second.ports).toEqual(ports);
    const reopened = s3ClientFor(second);
    const read = await bodyBytes(await reopened.send(new GetObjectCommand({ Bucket: bucket, Key: 'dump.rdb' })));
    expect(read.equals(body)).toBe(true);
    const newBucket = `${bucket}-new`;
    await ensureBucket(second, newBucket);
    await reopened.send(new PutObjectCommand({ Bucket: newBucket, Key: 'next.rdb', Body: body }));
    const readNew = await bodyBytes(await reopened.send(new GetObjectCommand({ Bucket: newBucket, Key: 'next.rdb' })));
    expect(readNew.equals(body)).toBe(true);
    reopened.destroy();
  });

  it('refuses to start on a data dir with another master port, whose state SeaweedFS keys by that port', async () => {
    const { dataDir, accessKeyId, secretAccessKey, ports } = test.server;
    const started = startS3Server({
      weedPath: test.weedPath,
      dataDir,
      accessKeyId,
      secretAccessKey,
      ports: { master: ports.master + 1 },
    });
    await expect(started).rejects.toThrow(S3ServerPortError);
  });

  it('refuses to start a second server on a data dir whose server is running', async () => {
    const { dataDir, accessKeyId, secretAccessKey } = test.server;
    await expect(startS3Server({ weedPath: test.weedPath, dataDir, accessKeyId, secretAccessKey })).rejects.toThrow(
      /is in use: is a server already running on this data dir/,
    );
  });

  it('leaves no process and no socket file behind once stopped', async () => {
    const { service, ports } = test.server;
    await test.server.stop();
    expect(processGroupAlive(service.pid ?? 0)).toBe(false);
    expect(seaweedfsSocketFiles(ports).filter((file) => existsSync(file))).toEqual([]);
  });
});
