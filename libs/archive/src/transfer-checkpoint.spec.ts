// A checkpoint comes back from outside (heartbeat details): only a well-formed one is taken up.
import { describe, expect, it } from 'vitest';
import { readTransferCheckpoint, TRANSFER_CHECKPOINT_FORMAT, type TransferCheckpoint } from './transfer-checkpoint';

const good: TransferCheckpoint = {
  format: TRANSFER_CHECKPOINT_FORMAT,
  key: 'crs-1/20261128T030000Z-b/shard-1.rdb',
  shard: 1,
  uploadId: 'upload-1',
  sizeBytes: 30,
  partSizeBytes: 10,
  partChecksum: 'sha256',
  parts: [
    { partNumber: 1, etag: '"a"', sizeBytes: 10, checksum: 'x' },
    { partNumber: 2, etag: '"b"', sizeBytes: 10, checksum: 'y' },
  ],
  bytesDone: 20,
  checks: { offset: 10, walker: null },
  attempt: 1,
};

describe('readTransferCheckpoint', () => {
  it('takes a well-formed checkpoint, also through JSON', () => {
    expect(readTransferCheckpoint(JSON.parse(JSON.stringify(good)))).toEqual({ checkpoint: good });
  });

  it.each([
    ['not an object', 'text'],
    ['another format', { ...good, format: 'other@1' }],
    ['parts that do not start at 1', { ...good, parts: good.parts.slice(1), bytesDone: 10 }],
    ['bytesDone that is not the parts', { ...good, bytesDone: 25 }],
    ['checks past bytesDone', { ...good, checks: { offset: 21, walker: null } }],
    ['an unknown part checksum', { ...good, partChecksum: 'crc32' }],
    ['no upload id', { ...good, uploadId: '' }],
  ])('refuses %s', (_what, value) => {
    expect(readTransferCheckpoint(value)).toHaveProperty('problem');
  });
});
