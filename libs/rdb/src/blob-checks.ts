// Which validator reads which kind of blob, and how many entries make one element of it.
import type { CompactCheck } from './compact-check';
import { checkIntset } from './intset-check';
import { checkListpack } from './listpack-check';
import { checkStreamListpack } from './stream-listpack-check';
import type { BlobCheck } from './walk-programs';
import { checkZiplist } from './ziplist-check';
import { checkZipmap } from './zipmap-check';

export function checkBlob(check: BlobCheck, blob: Uint8Array): CompactCheck {
  switch (check) {
    case 'ziplist':
    case 'quicklist-ziplist':
      return checkZiplist(blob, 1);
    case 'ziplist-pairs':
      return checkZiplist(blob, 2);
    case 'listpack':
    case 'quicklist-listpack':
      return checkListpack(blob, 1);
    case 'listpack-pairs':
      return checkListpack(blob, 2);
    case 'listpack-triples':
      return checkListpack(blob, 3);
    case 'intset':
      return checkIntset(blob);
    case 'zipmap':
      return checkZipmap(blob);
    case 'stream-listpack':
      return checkStreamListpack(blob);
  }
}

/** Quicklist nodes are never stored empty (Redis refuses a zero-length node). */
export function mustNotBeEmpty(check: BlobCheck): boolean {
  return check === 'quicklist-ziplist' || check === 'quicklist-listpack';
}
