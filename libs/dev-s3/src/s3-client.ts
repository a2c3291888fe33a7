// An AWS SDK v3 S3 client for a dev S3 server, and the bucket a caller needs on it.
import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

/** What an S3 client needs to reach a server: the shape `startS3Server` returns, and what a config holds. */
export interface S3Connection {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** SeaweedFS serves buckets as paths (`/bucket/key`), not as host names. */
  forcePathStyle: true;
}

export interface S3ClientTimeouts {
  /** Per request, from sending to the last byte of the answer; default 60 s. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Attempts per call, retries included (the SDK's default: 3). */
  maxAttempts?: number;
}

export function s3ClientFor(connection: S3Connection, timeouts: S3ClientTimeouts = {}): S3Client {
  return new S3Client({
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: connection.forcePathStyle,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    maxAttempts: timeouts.maxAttempts ?? 3,
    requestHandler: {
      requestTimeout: timeouts.requestTimeoutMs ?? 60_000,
      connectionTimeout: timeouts.connectionTimeoutMs ?? 5_000,
    },
  });
}

/** Creates the bucket unless it exists already (ours); other failures, e.g. refused credentials, throw. */
export async function ensureBucket(connection: S3Connection, bucket: string): Promise<void> {
  const client = s3ClientFor(connection);
  try {
    if (await bucketExists(client, bucket)) return;
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      // Another caller created it between the HEAD and the PUT.
      if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
    }
  } finally {
    client.destroy();
  }
}

async function bucketExists(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
    throw error;
  }
}
