// Encrypted backups: a SIMULATOR-DEFINED layout, NOT Tencent's (whose format is undocumented,
// crs-v3-api.md §2). A file is the 16 ASCII bytes `CRSSIM-AES256CBC` (so it can never pass for a real
// Tencent file), a 16-byte IV, then the RDB file encrypted with AES-256-CBC and PKCS#7 padding, under
// the 32-byte key whose base64 DescribeBackupDetail gives as DecryptKey.
import { createCipheriv, createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export const SIMULATOR_ENCRYPTION_MAGIC = Buffer.from('CRSSIM-AES256CBC', 'ascii');
const HEADER_BYTES = SIMULATOR_ENCRYPTION_MAGIC.length + 16;

export interface FileEncryption {
  key: Buffer;
  iv: Buffer;
}

/** The DecryptKey of a backup that sets none: derived from its ids, so it is the same on every run. */
export function derivedDecryptKey(redisId: string, backupId: string): string {
  return createHash('sha256').update(`${redisId}/${backupId}/decrypt-key`).digest('base64');
}

export function fileEncryption(decryptKey: string, fileSeed: string): FileEncryption {
  return {
    key: Buffer.from(decryptKey, 'base64'),
    iv: createHash('sha256').update(`${fileSeed}/iv`).digest().subarray(0, 16),
  };
}

/** Size of the encrypted file of a plain file of `plainBytes`. */
export function encryptedBytes(plainBytes: number): number {
  return HEADER_BYTES + (Math.floor(plainBytes / 16) + 1) * 16;
}

async function* encryptedChunks(plain: Readable, encryption: FileEncryption): AsyncGenerator<Buffer> {
  yield Buffer.concat([SIMULATOR_ENCRYPTION_MAGIC, encryption.iv]);
  const cipher = createCipheriv('aes-256-cbc', encryption.key, encryption.iv);
  for await (const chunk of plain) {
    const out = cipher.update(chunk as Buffer);
    if (out.length > 0) yield out;
  }
  yield cipher.final();
}

export function encryptedStream(plain: Readable, encryption: FileEncryption): AsyncIterable<Buffer> {
  return encryptedChunks(plain, encryption);
}
