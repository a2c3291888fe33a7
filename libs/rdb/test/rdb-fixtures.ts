// Hand-built RDB files for tests: a header, whatever items a test writes, the EOF opcode and the CRC-64.
import { Crc64 } from '../src/crc64';
import { RdbBytes } from '../src/rdb-encoding';
import { OPCODE } from '../src/rdb-opcodes';
import { RdbFormatError } from '../src/rdb-format-error';
import type { RdbSummary } from '../src/rdb-summary';
import { RdbWalker, type RdbWalkerOptions } from '../src/rdb-walker';

export interface FixtureOptions {
  /** 'zero' stores 0 (rdbchecksum no); 'wrong' stores a CRC off by one bit. */
  checksum?: 'right' | 'zero' | 'wrong';
}

/** REDIS000n or VALKEY080, the items written by `body`, 0xFF, and (version >= 5) the CRC-64. */
export function rdbFile(
  version: number | 'valkey',
  body: (out: RdbBytes) => void,
  options: FixtureOptions = {},
): Buffer {
  const out = new RdbBytes();
  out.push(Buffer.from(version === 'valkey' ? 'VALKEY080' : `REDIS${String(version).padStart(4, '0')}`, 'latin1'));
  body(out);
  out.byte(OPCODE.EOF);
  const bytes = out.toBuffer();
  if (version !== 'valkey' && version < 5) return bytes;
  const crc = new Crc64().update(bytes).littleEndian();
  if (options.checksum === 'zero') crc.fill(0);
  if (options.checksum === 'wrong') crc[0] = (crc[0] as number) ^ 1;
  return Buffer.concat([bytes, crc]);
}

/** Recomputes the CRC-64 trailer of a whole file (after a test edited its body). */
export function withFreshCrc(file: Buffer): Buffer {
  const body = file.subarray(0, file.length - 8);
  return Buffer.concat([body, new Crc64().update(body).littleEndian()]);
}

/** Walks `file` in chunks of `chunkBytes` (whole by default). */
export function walk(file: Uint8Array, chunkBytes = file.length || 1, options?: RdbWalkerOptions): RdbSummary {
  const walker = new RdbWalker(options);
  for (let at = 0; at < file.length; at += chunkBytes) walker.write(file.subarray(at, at + chunkBytes));
  return walker.end();
}

/** The error a walk of `file` ends with; fails the test if the walk succeeds. */
export function walkError(file: Uint8Array, chunkBytes?: number, options?: RdbWalkerOptions): RdbFormatError {
  try {
    walk(file, chunkBytes, options);
  } catch (error) {
    if (error instanceof RdbFormatError) return error;
    throw error;
  }
  throw new Error('the walk succeeded, an RdbFormatError was expected');
}

/** A key entry: type byte, name, value bytes. */
export function entry(out: RdbBytes, type: number, name: string, value: Buffer): RdbBytes {
  return out.byte(type).string(name).push(value);
}
