// What a transfer tells its caller as it goes, for logs and metrics: each request (and each Range request),
// URL refresh, part, check failure, retry, resume and the end. Plain JSON; URLs without their signatures.
import type { ArchiveCheck } from './archive-errors';

interface EventBase {
  shard: number;
  key: string;
}

export type TransferEvent = EventBase &
  (
    | { type: 'download-started'; attempt: number; url: string }
    | {
        type: 'range-request';
        attempt: number;
        offset: number;
        range: string;
        /**
         * rehash: the completed prefix read again on resume; resume: the download going on from a checkpoint's
         * bytesDone; reconnect: after a cut connection or a refreshed URL in the same call.
         */
        reason: 'rehash' | 'resume' | 'reconnect';
        url: string;
      }
    | { type: 'url-refreshed'; status: number; offset: number; refreshes: number; url: string }
    | { type: 'part-uploaded'; partNumber: number; offset: number; sizeBytes: number; etag: string; bytesDone: number }
    | {
        type: 'check-failed';
        check: ArchiveCheck;
        offset: number | null;
        detail: string;
        attempt: number;
        /** Whether the file is downloaded again from the start. */
        willRetry: boolean;
      }
    | {
        type: 'retry';
        /** What failed: a network error, an HTTP status, a body that ended early. */
        reason: string;
        status: number | null;
        offset: number;
        failures: number;
        delayMs: number;
      }
    | {
        type: 'resumed';
        uploadId: string;
        bytesDone: number;
        parts: number;
        /** Where the walk's snapshot stood (at or before bytesDone). */
        checksOffset: number;
        /** Where the completed prefix is read again from, for its SHA-256 and its parts' checksums. */
        rehashFrom: 'store' | 'source';
      }
    | { type: 'rehash-read'; from: 'store'; offset: number; end: number }
    | { type: 'resume-discarded'; reason: string }
    | {
        type: 'upload-aborted';
        uploadId: string;
        reason: 'check-failed' | 'cancelled' | 'failed' | 'interrupted' | 'stale';
      }
    | { type: 'completed'; sizeBytes: number; sha256: string; attempts: number; parts: number; durationMs: number }
  );

export type TransferEventType = TransferEvent['type'];

/** The URL for logs: its origin only (a presigned URL's signature and a path token are bearer secrets). */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // The path may be the secret itself (v2's /download/<token>.rdb), the query is a signature: neither is kept.
    return `${parsed.origin}/<path>${parsed.search ? '?<signature>' : ''}`;
  } catch {
    return '<unparseable URL>';
  }
}
