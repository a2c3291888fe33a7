// CRC-64/Jones as Redis computes it: check value, chunking, alignment, resumable state, combining.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from './crc64';

/** Bit by bit with BigInt, straight from the definition (reflected 0xad93d23594c935a9, init 0, no xorout). */
function referenceCrc64(bytes: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

describe('Crc64', () => {
  it('gives the CRC-64/Jones check value for "123456789"', () => {
    expect(crc64('123456789')).toBe(0xe9c6d914c4b8d9can);
    expect(new Crc64().update(Buffer.from('123456789')).hex).toBe('e9c6d914c4b8d9ca');
  });

  it('matches the bit-by-bit definition for any bytes, chunking and buffer alignment', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(8),
        fc.array(fc.nat(300), { maxLength: 5 }),
        (bytes, shift, cuts) => {
          // Place the bytes at an odd offset of a larger buffer so the word loop starts unaligned.
          const host = new Uint8Array(bytes.length + 16);
          host.set(bytes, shift);
          const view = host.subarray(shift, shift + bytes.length);
          const crc = new Crc64();
          let from = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            const to = Math.min(cut, view.length);
            crc.update(view.subarray(from, Math.max(from, to)));
            from = Math.max(from, to);
          }
          crc.update(view.subarray(from));
          expect(crc.value).toBe(referenceCrc64(bytes));
        },
      ),
    );
  });

  it('resumes from a saved state exactly where it left off', () => {
    const data = Buffer.from('the quick brown fox jumps over the lazy dog'.repeat(10));
    const first = new Crc64().update(data.subarray(0, 137));
    const resumed = Crc64.fromState(first.state()).update(data.subarray(137));
    expect(resumed.value).toBe(crc64(data));
    expect(() => Crc64.fromState('not-a-state')).toThrow(TypeError);
  });

  it('stores the trailer little-endian, as Redis writes it after 0xFF', () => {
    const crc = new Crc64().update(Buffer.from('123456789'));
    expect(crc.littleEndian().toString('hex')).toBe('cad9b8c414d9c6e9');
  });

  it('combines the CRC of a following block without reading it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(40),
        (a, block, times) => {
          const direct = new Crc64().update(a);
          for (let i = 0; i < times; i++) direct.update(block);
          const blockCrc = new Crc64().update(block);
          const combined = new Crc64().update(a).combineRepeated(blockCrc, block.length, times);
          expect(combined.hex).toBe(direct.hex);
          expect(new Crc64().update(a).combine(blockCrc, block.length).hex).toBe(
            new Crc64().update(a).update(block).hex,
          );
        },
      ),
    );
  });
});
