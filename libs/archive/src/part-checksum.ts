// The digest a store checks each uploaded part against (native hashing: a part is whole in memory).
import { createHash } from 'node:crypto';
import type { PartChecksumAlgorithm } from './archive-store';

export function partChecksumOf(algorithm: PartChecksumAlgorithm, body: Uint8Array): string {
  return createHash(algorithm).update(body).digest('base64');
}
