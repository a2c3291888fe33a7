// Snapshot and restore: a walk cut at any offsets, its snapshots sent through JSON, ends exactly like the
// uninterrupted walk (same summary, or same error), and a snapshot carries little more than pendingBytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entry, rdbFile, walk, withFreshCrc } from '../test/rdb-fixtures';
import { encodeListpack } from './listpack-encode';
import { lzfCompress } from './lzf-compress';
import { RdbBytes, encodeLzfString } from './rdb-encoding';
import { RdbFormatError } from './rdb-format-error';
import { generateRdb } from './rdb-generator';
import { RdbWalker } from './rdb-walker';
import type { RdbWalkerSnapshot } from './walk-state';
import { OPCODE } from './rdb-opcodes';
import { listpackPairs, quicklist2, skiplistZset, streamValue, stringValue } from './value-encode';
import type { StreamSpec } from './stream-encode';

type Outcome = { summary: unknown } | { error: { check: string; offset: number; message: string } };

function outcomeOf(run: () => unknown): Outcome {
  try {
    return { summary: run() };
  } catch (error) {
    if (!(error instanceof RdbFormatError)) throw error;
    return { error: { check: error.check, offset: error.offset, message: error.message } };
  }
}

function generated(rdbVersion: 6 | 9 | 10 | 11 | 80, sizeBytes: number): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of generateRdb({
    rdbVersion,
    redisVersion: '7.0.15',
    seed: `resume-${rdbVersion}`,
    sizeBytes,
  }).chunks()) {
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** Large values that stay in flight across cuts: an LZF string through its window, LZF and raw blobs. */
const large = rdbFile(11, (out) => {
  const text = Buffer.from('a compressible line of text, '.repeat(12_000));
  out
    .byte(0)
    .string('lzf-string')
    .push(encodeLzfString(lzfCompress(text) as Buffer, text.length));
  const blob = encodeListpack(Array.from({ length: 9000 }, (_, i) => `member-${i % 50}`));
  out
    .byte(20)
    .string('lzf-set')
    .push(encodeLzfString(lzfCompress(blob) as Buffer, blob.length));
  const hash = encodeListpack(Array.from({ length: 18000 }, (_, i) => `f-${i}`));
  entry(out, 16, 'raw-hash', Buffer.concat([new RdbBytes().len(hash.length).toBuffer(), hash]));
  out.byte(0).string('raw').raw(Buffer.alloc(150_000, 0x7a));
  const list = quicklist2([
    { items: ['a', 'b'] },
    { items: [], plain: Buffer.alloc(70_000, 0x61) },
    { items: ['c'], compressed: true },
  ]);
  entry(out, list.type, 'list', list.bytes);
  const s = streamValue({ nodes: [[{ id: [1, 0], fields: [['f', 'v']] }]], lastId: [1, 0], groups: [] }, 21);
  entry(out, s.type, 'stream', s.bytes);
});

const brokenListpack = (() => {
  const file = Buffer.from(generated(10, 40_000));
  // user:1000 is a listpack hash: type 16, the name, a 1-byte length, then the listpack's total-bytes header.
  const at = file.indexOf(Buffer.concat([Buffer.from([16, 9]), Buffer.from('user:1000')]));
  if (at < 0 || (file[at + 11] as number) >= 0x40)
    throw new Error('the generated file holds no raw user:1000 listpack');
  file.writeUInt32LE(9999, at + 12);
  return withFreshCrc(file);
})();

const FILES: ReadonlyArray<readonly [string, Buffer]> = [
  ['generated RDB 6', generated(6, 30_000)],
  ['generated RDB 9', generated(9, 30_000)],
  ['generated RDB 10', generated(10, 50_000)],
  ['generated RDB 11', generated(11, 30_000)],
  ['generated Valkey 9', generated(80, 30_000)],
  ['large values in flight', large],
  [
    'a flipped bit (CRC)',
    (() => {
      const file = Buffer.from(large);
      const at = file.indexOf(Buffer.alloc(64, 0x7a)) + 1000; // inside the raw 150 KB string
      file[at] = (file[at] as number) ^ 1;
      return file;
    })(),
  ],
  ['a corrupted listpack header with a fresh CRC', brokenListpack],
  ['a truncated file', large.subarray(0, 123_457)],
  ['trailing bytes', Buffer.concat([generated(9, 20_000), Buffer.from('tail')])],
];

const FILE_BY_NAME = new Map(FILES);

const STREAM: StreamSpec = {
  nodes: [
    [
      { id: [5, 0], fields: [['f', 'v']] },
      { id: [6, 1], fields: [['g', 'w']] },
    ],
  ],
  lastId: [6, 1],
  groups: [
    {
      name: 'group',
      lastId: [5, 0],
      entriesRead: 1,
      pending: [{ id: [5, 0], deliveryTime: 1000, deliveryCount: 1 }],
      consumers: [{ name: 'consumer', seenTime: 1000, activeTime: 1000, pending: [[5, 0]] }],
    },
  ],
};

/** Walks `file`, cut at `cuts`: at each cut a snapshot goes through JSON into a new walker. */
function walkWithRestores(file: Buffer, cuts: number[], piece: number): Outcome {
  return outcomeOf(() => {
    let walker = new RdbWalker();
    let from = 0;
    for (const cut of [...cuts, file.length]) {
      for (let at = from; at < cut; at += piece) walker.write(file.subarray(at, Math.min(cut, at + piece)));
      from = cut;
      if (cut < file.length) {
        const snapshot = JSON.parse(JSON.stringify(walker.snapshot())) as RdbWalkerSnapshot;
        walker = RdbWalker.restore(snapshot);
      }
    }
    return walker.end();
  });
}

describe('RdbWalker snapshot and restore', () => {
  const expected = new Map(FILES.map(([name, file]) => [name, outcomeOf(() => walk(file))]));

  it('has files that end each way: summaries and every kind of error', () => {
    const outcomes = [...expected.values()].map((o) => ('error' in o ? o.error.check : 'ok'));
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'crc', 'structure', 'truncated', 'trailing-bytes']);
  });

  it('ends like the uninterrupted walk when cut and restored at random offsets', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILES.map(([name]) => name)),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 70_000 }),
        (name, fractions, piece) => {
          const file = FILE_BY_NAME.get(name) as Buffer;
          const cuts = [...new Set(fractions.map((f) => Math.floor(f * file.length)))].sort((a, b) => a - b);
          expect(walkWithRestores(file, cuts, piece)).toEqual(expected.get(name));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ends like the uninterrupted walk when restored after every single byte of a file', () => {
    // Every kind of state a cut can fall into: header, AUX, functions, SELECTDB, expires, LRU/LFU, module
    // data, integer, LZF and long key names, a kept LZF blob, text scores, a stream with its groups.
    const file = rdbFile(10, (out) => {
      out.byte(OPCODE.AUX).string('redis-ver').string('7.0.15');
      out.byte(OPCODE.AUX).string('used-mem').string('123456789');
      out.byte(OPCODE.FUNCTION2).string('#!lua name=l\nredis.register_function("f", function() return 1 end)');
      out.byte(OPCODE.SELECTDB).len(3).byte(OPCODE.RESIZEDB).len(9).len(2);
      out.byte(OPCODE.EXPIRETIME_MS).millis(4_102_444_800_000).byte(OPCODE.IDLE).len(20_000);
      entry(out, 0, 'k', stringValue('<p>compressible</p>'.repeat(20)).bytes);
      out
        .byte(OPCODE.FREQ)
        .byte(9)
        .byte(OPCODE.EXPIRETIME)
        .push(Buffer.from([1, 2, 3, 0x70]));
      out.byte(0).string('12345').string('int-named');
      out.byte(0).string('a-long-key-name-'.repeat(6)).string('v');
      const blob = listpackPairs(
        16,
        Array.from({ length: 20 }, (_, i) => [`field-${i}`, 'same value'] as const),
      );
      entry(out, blob.type, 'lzf-hash', blob.bytes);
      entry(
        out,
        3,
        'zset',
        skiplistZset(
          [
            ['a', 1.25],
            ['b', Infinity],
          ],
          false,
        ).bytes,
      );
      out.byte(7).string('module').len(1234).len(2).len(5).len(5).string('text').len(4).push(Buffer.alloc(8)).len(0);
      const s = streamValue(STREAM, 19);
      entry(out, s.type, 'stream', s.bytes);
    });
    const expected = outcomeOf(() => walk(file));
    expect(expected).toMatchObject({ summary: { keys: 7, expires: 2, databases: { '3': { keys: 7 } } } });
    const cuts = Array.from({ length: file.length - 1 }, (_, i) => i + 1);
    expect(walkWithRestores(file, cuts, 1)).toEqual(expected);
    expect(
      walkWithRestores(
        file,
        cuts.filter((c) => c % 3 === 0),
        2,
      ),
    ).toEqual(expected);
  });

  it('carries in a snapshot little more than pendingBytes', () => {
    const walker = new RdbWalker();
    let largest = 0;
    for (let at = 0; at < large.length; at += 4093) {
      walker.write(large.subarray(at, at + 4093));
      const json = JSON.stringify(walker.snapshot());
      largest = Math.max(largest, walker.pendingBytes);
      expect(json.length).toBeLessThan(4096 + Math.ceil((walker.pendingBytes * 4) / 3));
    }
    expect(largest).toBeGreaterThan(100_000); // the 144 KB listpack was buffered for validation
    walker.end();
  });

  it('refuses something that is not one of its snapshots', () => {
    expect(() => RdbWalker.restore({ format: 'other' } as unknown as RdbWalkerSnapshot)).toThrow(TypeError);
  });
});
