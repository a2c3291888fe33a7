// The generator: exact sizes, determinism, what each version holds, and a prediction the walker confirms.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_RDB_SIZE_BYTES, generateRdb, minimumRdbSize, type RdbGeneratorOptions } from './rdb-generator';
import { RdbWalker } from './rdb-walker';
import { GENERATED_RDB_VERSIONS, type GeneratedRdbVersion } from './version-layout';
import type { RdbSummary } from './rdb-summary';

const base = { redisVersion: '7.0.15', seed: 'unit' } as const;

function walkGenerated(options: RdbGeneratorOptions): {
  summary: RdbSummary;
  sha256: string;
  bytes: number;
  largestChunk: number;
} {
  const generated = generateRdb(options);
  const walker = new RdbWalker();
  const hash = createHash('sha256');
  let bytes = 0;
  let largestChunk = 0;
  for (const chunk of generated.chunks()) {
    walker.write(chunk);
    hash.update(chunk);
    bytes += chunk.length;
    largestChunk = Math.max(largestChunk, chunk.length);
  }
  const summary = walker.end();
  const { checksum, uncheckedBlobs, ...content } = summary;
  expect(checksum.status).toBe('verified');
  expect(uncheckedBlobs).toBe(0);
  expect(content).toEqual(generated.expected);
  return { summary, sha256: hash.digest('hex'), bytes, largestChunk };
}

describe('generateRdb', () => {
  it('produces exactly the requested size, which the walker accepts with the predicted summary', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GENERATED_RDB_VERSIONS),
        fc.integer({ min: 0, max: 400_000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<'big-values' | 'small-keys'>('big-values', 'small-keys'),
        (rdbVersion, extra, databases, fill) => {
          const sizeBytes = minimumRdbSize({ ...base, rdbVersion, databases, fill }) + extra;
          expect(walkGenerated({ ...base, rdbVersion, sizeBytes, databases, fill }).bytes).toBe(sizeBytes);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fills sizes whose padding crosses the length-encoding boundaries', () => {
    const minimum = minimumRdbSize({ ...base, rdbVersion: 10 });
    for (const extra of [
      0, 1, 2, 60, 61, 62, 63, 64, 65, 66, 67, 16380, 16383, 16384, 16385, 16386, 16387, 16388, 16389,
    ]) {
      expect(walkGenerated({ ...base, rdbVersion: 10, sizeBytes: minimum + extra }).bytes).toBe(minimum + extra);
    }
  });

  it('fills a large file with 1 MiB values streamed in chunks of at most 1 MiB', () => {
    const { summary, largestChunk } = walkGenerated({ ...base, rdbVersion: 11, sizeBytes: 12 * 2 ** 20 + 12_345 });
    expect(summary.bytes).toBe(12 * 2 ** 20 + 12_345);
    expect(summary.types.string).toBeGreaterThan(10);
    expect(largestChunk).toBeLessThanOrEqual(2 ** 20);
  });

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    const options = { ...base, rdbVersion: 9, sizeBytes: 200_000 } as const;
    const first = walkGenerated(options).sha256;
    expect(walkGenerated(options).sha256).toBe(first);
    expect(walkGenerated({ ...options, seed: 'other' }).sha256).not.toBe(first);
  });

  it('streams the same bytes as its chunks', async () => {
    const generated = generateRdb({ ...base, rdbVersion: 10, sizeBytes: 3_000_000 });
    const fromChunks = createHash('sha256');
    for (const chunk of generated.chunks()) fromChunks.update(chunk);
    const fromStream = createHash('sha256');
    for await (const chunk of generated.stream()) fromStream.update(chunk as Buffer);
    expect(fromStream.digest('hex')).toBe(fromChunks.digest('hex'));
  });

  it('produces any byte range by arithmetic, equal to the same bytes of the whole file', () => {
    const options = { ...base, rdbVersion: 10, sizeBytes: 3 * 2 ** 20 + 4321 } as const;
    const whole = Buffer.concat([...generateRdb(options).chunks()].map((c) => Buffer.from(c)));
    const size = whole.length;
    const edges = [0, 1, 7, 8, 9, size - 9, size - 8, size - 7, size - 1, size, 300_000, 2 ** 20, 2 ** 20 + 70_000];
    fc.assert(
      fc.property(
        fc.oneof(fc.nat(size), fc.constantFrom(...edges)),
        fc.oneof(fc.nat(size), fc.constantFrom(...edges)),
        (a, b) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          // A fresh generator each time, so that a range holding the trailer computes the CRC on its own.
          const part = Buffer.concat([...generateRdb(options).chunks({ start, end })]);
          expect(part.equals(whole.subarray(start, end))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    expect(() =>
      generateRdb(options)
        .chunks({ start: 10, end: size + 1 })
        .next(),
    ).toThrow(RangeError);
  });

  it('writes what each server version writes', () => {
    const encodings = (rdbVersion: GeneratedRdbVersion): string[] =>
      Object.keys(walkGenerated({ ...base, rdbVersion, sizeBytes: 70_000 }).summary.encodings).sort();
    expect(encodings(6)).toEqual([
      'hash-hashtable',
      'hash-ziplist',
      'list-linkedlist',
      'list-ziplist',
      'set-hashtable',
      'set-intset',
      'string-plain',
      'zset-skiplist',
      'zset-ziplist',
    ]);
    expect(encodings(7)).toEqual([
      'hash-hashtable',
      'hash-ziplist',
      'list-quicklist',
      'set-hashtable',
      'set-intset',
      'string-plain',
      'zset-skiplist',
      'zset-ziplist',
    ]);
    expect(encodings(8)).toContain('zset-skiplist-binary');
    expect(encodings(9)).toEqual([
      'hash-hashtable',
      'hash-ziplist',
      'list-quicklist',
      'set-hashtable',
      'set-intset',
      'stream-listpacks',
      'string-plain',
      'zset-skiplist-binary',
      'zset-ziplist',
    ]);
    expect(encodings(10)).toEqual([
      'hash-hashtable',
      'hash-listpack',
      'list-quicklist2',
      'set-hashtable',
      'set-intset',
      'stream-listpacks2',
      'string-plain',
      'zset-listpack',
      'zset-skiplist-binary',
    ]);
    expect(encodings(11)).toEqual([
      'hash-hashtable',
      'hash-listpack',
      'list-quicklist2',
      'set-hashtable',
      'set-intset',
      'set-listpack',
      'stream-listpacks3',
      'string-plain',
      'zset-listpack',
      'zset-skiplist-binary',
    ]);
    expect(encodings(80)).toContain('hash-hashtable-field-expiry');
  });

  it('writes AUX fields from RDB 7 on, functions from RDB 10 on, and expires far in the future', () => {
    const v6 = walkGenerated({ ...base, rdbVersion: 6, sizeBytes: 70_000 }).summary;
    expect(v6.auxFields).toBe(0);
    const v10 = walkGenerated({ ...base, rdbVersion: 10, sizeBytes: 70_000 }).summary;
    expect(v10.aux).toMatchObject({ 'redis-ver': '7.0.15', 'redis-bits': '64', 'aof-base': '0' });
    expect(v10.functions).toBe(1);
    expect(v10.expires).toBeGreaterThan(10);
    const valkey = walkGenerated({ ...base, rdbVersion: 80, redisVersion: '9.0.0', sizeBytes: 70_000 }).summary;
    expect(valkey).toMatchObject({
      magic: 'VALKEY',
      rdbVersion: 80,
      aux: { 'valkey-ver': '9.0.0', 'redis-ver': '7.2.4' },
    });
  });

  it('puts everything in database 0 for a shard, and spreads keys over databases otherwise', () => {
    const shard = walkGenerated({
      ...base,
      rdbVersion: 10,
      sizeBytes: 100_000,
      shard: { index: 2, count: 3 },
      databases: 5,
    }).summary;
    expect(Object.keys(shard.databases)).toEqual(['0']);
    const spread = walkGenerated({ ...base, rdbVersion: 10, sizeBytes: 100_000, databases: 4 }).summary;
    expect(Object.keys(spread.databases)).toEqual(['0', '1', '2', '3']);
  });

  it('can be generated at MIN_RDB_SIZE_BYTES with any options', () => {
    for (const rdbVersion of GENERATED_RDB_VERSIONS) {
      for (const options of [{ databases: 16 }, { shard: { index: 0, count: 16 } }, { fill: 'small-keys' as const }]) {
        const all = { ...base, redisVersion: '7.0.15-with-a-long-version-name', rdbVersion, ...options };
        expect(minimumRdbSize(all)).toBeLessThanOrEqual(MIN_RDB_SIZE_BYTES);
        expect(walkGenerated({ ...all, sizeBytes: MIN_RDB_SIZE_BYTES }).bytes).toBe(MIN_RDB_SIZE_BYTES);
      }
    }
  });

  it('refuses sizes below the minimum and options it cannot honour', () => {
    const minimum = minimumRdbSize({ ...base, rdbVersion: 10 });
    expect(() => generateRdb({ ...base, rdbVersion: 10, sizeBytes: minimum - 1 })).toThrow(
      `below the minimum of ${minimum} bytes`,
    );
    expect(() => generateRdb({ ...base, rdbVersion: 12 as GeneratedRdbVersion, sizeBytes: 65536 })).toThrow(RangeError);
    expect(() => generateRdb({ ...base, rdbVersion: 10, sizeBytes: 65536, databases: 17 })).toThrow(/1 to 16/);
    expect(() => generateRdb({ ...base, rdbVersion: 10, sizeBytes: 65536, shard: { index: 4, count: 4 } })).toThrow(
      RangeError,
    );
  });
});
