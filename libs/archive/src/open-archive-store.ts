// The store for a destination URL: a directory store for `file://`, an S3 store (with its own client, or
// the caller's) for `s3://`.
import type { S3Client } from '@aws-sdk/client-s3';
import { parseArchiveDestination, type ArchiveDestination } from './archive-destination';
import type { ArchiveStore } from './archive-store';
import { DirectoryArchiveStore } from './directory-store';
import { createS3Client, type S3StoreOptions } from './s3-options';
import { S3ArchiveStore } from './s3-store';

export interface OpenArchiveStoreOptions {
  /** How to reach S3 for an `s3://` destination (ignored for `file://`). */
  s3?: S3StoreOptions;
  /** An S3 client to use instead of making one from `s3` (the store then leaves it open on close). */
  s3Client?: S3Client;
}

export function openArchiveStore(
  destination: ArchiveDestination | string,
  options: OpenArchiveStoreOptions = {},
): ArchiveStore {
  const parsed = typeof destination === 'string' ? parseArchiveDestination(destination) : destination;
  if (parsed.kind === 'directory') return new DirectoryArchiveStore({ root: parsed.path, url: parsed.url });
  const client = options.s3Client ?? createS3Client(options.s3);
  return new S3ArchiveStore({
    client,
    bucket: parsed.bucket,
    prefix: parsed.prefix,
    partChecksum: options.s3?.partChecksum ?? 'sha256',
    ownsClient: !options.s3Client,
  });
}
