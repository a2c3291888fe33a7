// CRC-64/Jones: the check value Redis uses, and chunked updates equal to one pass.
import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from '../src';

describe('crc64', () => {
  it('gives the CRC-64/Jones check value for "123456789"', () => {
    expect(crc64('123456789')).toBe(0xe9c6d914c4b8d9can);
  });

  it('gives the same value fed in chunks as in one pass', () => {
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 31 + 7) & 0xff));
    const chunked = new Crc64()
      .update(bytes.subarray(0, 3))
      .update(bytes.subarray(3, 4097))
      .update(bytes.subarray(4097));
    expect(chunked.value).toBe(crc64(bytes));
    expect(chunked.littleEndian().readBigUInt64LE(0)).toBe(crc64(bytes));
  });

  it('is 0 for no input (init 0, no final xor)', () => {
    expect(crc64(new Uint8Array(0))).toBe(0n);
  });
});
