// The checkpoint of a transfer: JSON the caller keeps (in Temporal heartbeats) after each completed part,
// and gives back to resume. It names the open upload, its completed parts, and where the checks stood.
import type { PartChecksumAlgorithm, UploadedPart } from './archive-store';
import type { ChecksSnapshot } from './file-checks';

export const TRANSFER_CHECKPOINT_FORMAT = 'crs-export/archive-transfer@1';

export interface TransferCheckpoint {
  format: typeof TRANSFER_CHECKPOINT_FORMAT;
  /** The object's final key in the store. */
  key: string;
  shard: number;
  uploadId: string;
  /** The file's size as expected (Tencent's, else the first answer's); null when neither said. */
  sizeBytes: number | null;
  partSizeBytes: number;
  partChecksum: PartChecksumAlgorithm;
  /** Completed parts, contiguous from part 1. */
  parts: UploadedPart[];
  /** Bytes of the file in those parts: where the upload continues. */
  bytesDone: number;
  /**
   * The walk at or before `bytesDone` (where the walker held little). On resume the prefix is hashed again
   * (SHA-256 is not saveable at native speed) and compared part by part; the walk takes it from here.
   */
  checks: ChecksSnapshot;
  /** Downloads of the whole file begun so far (1 on the first). */
  attempt: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The checkpoint in `value` (e.g. the last heartbeat's details), or why it cannot be used. Only its shape is
 * checked here; the transfer then checks it against the store (the upload and its parts must still exist).
 */
export function readTransferCheckpoint(value: unknown): { checkpoint: TransferCheckpoint } | { problem: string } {
  if (!isRecord(value)) return { problem: 'not an object' };
  if (value['format'] !== TRANSFER_CHECKPOINT_FORMAT) return { problem: `format ${JSON.stringify(value['format'])}` };
  const { key, shard, uploadId, sizeBytes, partSizeBytes, partChecksum, parts, bytesDone, checks, attempt } = value;
  if (typeof key !== 'string' || typeof uploadId !== 'string' || uploadId === '') return { problem: 'key or uploadId' };
  if (!isCount(shard) || !isCount(partSizeBytes) || partSizeBytes === 0 || !isCount(bytesDone) || !isCount(attempt)) {
    return { problem: 'shard, partSizeBytes, bytesDone or attempt' };
  }
  if (sizeBytes !== null && !isCount(sizeBytes)) return { problem: 'sizeBytes' };
  if (partChecksum !== 'sha256' && partChecksum !== 'md5') return { problem: 'partChecksum' };
  if (!Array.isArray(parts)) return { problem: 'parts' };
  let sum = 0;
  for (const [index, part] of parts.entries()) {
    if (
      !isRecord(part) ||
      part['partNumber'] !== index + 1 ||
      typeof part['etag'] !== 'string' ||
      !isCount(part['sizeBytes']) ||
      typeof part['checksum'] !== 'string'
    ) {
      return { problem: `part ${index + 1}` };
    }
    sum += part['sizeBytes'];
  }
  if (sum !== bytesDone) return { problem: `the parts hold ${sum} bytes, bytesDone says ${bytesDone}` };
  if (!isRecord(checks) || !isCount(checks['offset']) || checks['offset'] > bytesDone) return { problem: 'checks' };
  if (checks['walker'] !== null && !isRecord(checks['walker'])) return { problem: 'checks' };
  return { checkpoint: value as unknown as TransferCheckpoint };
}
