// The store port: what a transfer, a manifest, verify and retention need from the storage an archive goes
// into. Adapters: a directory (directory-store.ts) and S3 (s3-store.ts). Keys are relative to the store's root.
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  sizeBytes: number;
}

/** A part of a multipart upload as the store holds it. */
export interface UploadedPart {
  /** 1, 2, …: the parts are concatenated in this order. */
  partNumber: number;
  etag: string;
  sizeBytes: number;
  /** Base64 digest of the part in the store's `partChecksum` algorithm; null where the store did not say. */
  checksum: string | null;
}

export interface OpenUpload {
  key: string;
  uploadId: string;
}

export interface ObjectPage {
  objects: StoredObject[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** How each part is checked by the store on arrival: SHA-256 (x-amz-checksum-sha256) or MD5 (Content-MD5). */
export type PartChecksumAlgorithm = 'sha256' | 'md5';

export interface StoreCallOptions {
  signal?: AbortSignal;
}

export interface UploadPartInput {
  key: string;
  uploadId: string;
  partNumber: number;
  /** Where the part starts in the object (the sum of the sizes of the parts before it). */
  offset: number;
  body: Buffer;
  /** Base64 digest of `body` in `store.partChecksum`; the store refuses a part that does not match it. */
  checksum: string;
}

/**
 * Semantics every adapter keeps:
 * - an object appears under its key only whole and only when `completeUpload` (or `put`) succeeds; an open
 *   upload is never listed by `list` nor answered by `head`/`get`;
 * - `abortUpload` leaves nothing of the upload behind and is idempotent;
 * - `completeUpload` replaces an object that was there.
 */
export interface ArchiveStore {
  /** The destination URL the store is rooted at (`file:///…`, `s3://bucket/prefix`). */
  readonly url: string;
  /** The smallest part but the last one (S3: 5 MiB). */
  readonly minPartSizeBytes: number;
  /** The most parts an upload may have (S3: 10,000). */
  readonly maxParts: number;
  readonly partChecksum: PartChecksumAlgorithm;
  createUpload(key: string, options?: StoreCallOptions): Promise<string>;
  uploadPart(input: UploadPartInput, options?: StoreCallOptions): Promise<UploadedPart>;
  /** The parts the store holds for the upload, by part number; null when there is no such upload (any more). */
  listParts(key: string, uploadId: string, options?: StoreCallOptions): Promise<UploadedPart[] | null>;
  /** Makes the object from `parts` (contiguous from 1), which must be the store's own (number, ETag, size). */
  completeUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
    options?: StoreCallOptions,
  ): Promise<void>;
  abortUpload(key: string, uploadId: string, options?: StoreCallOptions): Promise<void>;
  /**
   * Bytes `start`..`end` (inclusive) of an open upload's parts, where the store can read them back (a
   * directory can; S3 cannot, so its adapter leaves this out): a resumed transfer hashes its prefix from here.
   */
  readUpload?(
    key: string,
    uploadId: string,
    range: { start: number; end: number },
    options?: StoreCallOptions,
  ): Promise<Readable>;
  /** Open uploads whose key starts with `prefix`. */
  listUploads(prefix: string, options?: StoreCallOptions): Promise<OpenUpload[]>;
  put(key: string, body: Buffer, options?: StoreCallOptions & { contentType?: string }): Promise<void>;
  /** The object's bytes, or `start`..`end` (inclusive) of them; fails when there is no such object. */
  get(key: string, range?: { start: number; end?: number }, options?: StoreCallOptions): Promise<Readable>;
  head(key: string, options?: StoreCallOptions): Promise<StoredObject | null>;
  /** Objects whose key starts with `prefix`, in key order, a page at a time (default and at most 1000). */
  list(prefix: string, options?: StoreCallOptions & { cursor?: string | null; limit?: number }): Promise<ObjectPage>;
  /** Removes the object; no error when there is none. */
  delete(key: string, options?: StoreCallOptions): Promise<void>;
  /** Releases sockets. */
  close(): void;
}

/** Every object under `prefix`, across pages. */
export async function* listAllObjects(
  store: ArchiveStore,
  prefix: string,
  options: StoreCallOptions = {},
): AsyncGenerator<StoredObject> {
  let cursor: string | null = null;
  do {
    const page: ObjectPage = await store.list(prefix, { ...options, cursor });
    yield* page.objects;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Keys must be relative paths of plain segments: no empty, `.` or `..` segment, no backslash or NUL. */
export function keyProblem(key: string): string | null {
  if (key.length === 0) return 'empty key';
  if (key.includes('\\') || key.includes('\u0000')) return 'backslash or NUL in key';
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `bad segment ${JSON.stringify(segment)}`;
  }
  return null;
}
