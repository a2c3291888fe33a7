// The walker on hand-built files holding every opcode, type and encoding of RDB 1-12 and Valkey 9.
import { describe, expect, it } from 'vitest';
import { entry, rdbFile, walk } from '../test/rdb-fixtures';
import { encodeListpack } from './listpack-encode';
import { DEFAULT_MAX_BLOB_BYTES, RdbWalker } from './rdb-walker';
import { lzfCompress } from './lzf-compress';
import { OPCODE } from './rdb-opcodes';
import { RdbBytes, encodeBinaryDouble, encodeLzfString, encodeMillis } from './rdb-encoding';
import { encodeZipmap } from './zipmap-encode';
import {
  blobValue,
  hashtableHash,
  intsetSet,
  listpackPairs,
  listpackSet,
  plainCollection,
  quicklist,
  quicklist2,
  skiplistZset,
  streamValue,
  stringValue,
  valkeyHashWithExpiry,
  ziplistList,
  ziplistPairs,
  type EncodedValue,
} from './value-encode';
import type { StreamSpec } from './stream-encode';

const key = (out: RdbBytes, name: string, value: EncodedValue): RdbBytes => entry(out, value.type, name, value.bytes);

/** A module type ID as Redis builds it: 9 characters of 6 bits, then a 10-bit encoding version. */
function moduleId(name: string, encver: number): bigint {
  const charset = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const char of name) id = (id << 6n) | BigInt(charset.indexOf(char));
  return (id << 10n) | BigInt(encver);
}

function len64(value: bigint): Buffer {
  const out = Buffer.alloc(9);
  out[0] = 0x81;
  out.writeBigUInt64BE(value, 1);
  return out;
}

const stream: StreamSpec = {
  nodes: [
    [
      { id: [1_700_000_000_000, 0], fields: [['a', '1']] },
      { id: [1_700_000_000_001, 0], fields: [['a', '2']], deleted: true },
    ],
    [
      {
        id: [1_700_000_000_005, 3],
        fields: [
          ['b', 'x'],
          ['c', 'y'],
        ],
      },
    ],
  ],
  lastId: [1_700_000_000_005, 3],
  groups: [
    {
      name: 'g',
      lastId: [1_700_000_000_000, 0],
      entriesRead: 1,
      pending: [{ id: [1_700_000_000_000, 0], deliveryTime: 1_700_000_001_000, deliveryCount: 2 }],
      consumers: [
        { name: 'c', seenTime: 1_700_000_001_000, activeTime: 1_700_000_001_000, pending: [[1_700_000_000_000, 0]] },
      ],
    },
  ],
};

describe('RdbWalker', () => {
  it('walks every layout of Redis 2.6-6.2 and counts keys per database, type and encoding', () => {
    const file = rdbFile(9, (out) => {
      out.byte(OPCODE.AUX).string('redis-ver').string('6.2.14');
      out.byte(OPCODE.AUX).string('redis-bits').string('64');
      out.byte(OPCODE.SELECTDB).len(0).byte(OPCODE.RESIZEDB).len(14).len(2);
      key(out, 'int8', stringValue('-5'));
      key(out, 'int16', stringValue('1234'));
      key(out, 'int32', stringValue('123456789'));
      key(out, 'lzf', stringValue('abcabcabcabcabcabcabcabcabcabcabcabc'));
      out.byte(OPCODE.EXPIRETIME_MS).millis(4_102_444_800_000);
      key(out, 'linked', plainCollection(1, ['a', 'b']));
      key(out, 'set', plainCollection(2, ['x', 'y', 'z']));
      key(
        out,
        'zset-text',
        skiplistZset(
          [
            ['m', 1.5],
            ['inf', Infinity],
            ['minf', -Infinity],
          ],
          false,
        ),
      );
      key(out, 'zset-binary', skiplistZset([['m', 2]], true));
      out.byte(OPCODE.EXPIRETIME).push(Buffer.from([0, 0, 0, 0x7f]));
      key(out, 'hash', hashtableHash([['f', 'v']]));
      key(
        out,
        'zipmap',
        blobValue(
          9,
          encodeZipmap([
            ['f', 'v'],
            ['g', 'w'],
          ]),
        ),
      );
      key(out, 'ziplist', ziplistList(['a', 1, 'b']));
      key(out, 'intset', intsetSet([3, 1, 2]));
      key(out, 'zset-ziplist', ziplistPairs(12, [['m', '1']]));
      key(out, 'hash-ziplist', ziplistPairs(13, [['f', 'v']]));
      // A quicklist with one node kept LZF-compressed, as list-compress-depth makes Redis save it.
      key(
        out,
        'quicklist',
        quicklist([{ items: Array.from({ length: 30 }, () => 'repeat me'), compressed: true }, { items: ['x'] }]),
      );
      out.byte(OPCODE.SELECTDB).len(3);
      key(out, 'stream', streamValue(stream, 15));
    });
    const summary = walk(file);
    expect(summary).toMatchObject({
      magic: 'REDIS',
      rdbVersion: 9,
      keys: 16,
      expires: 2,
      emptyKeys: 0,
      aux: { 'redis-ver': '6.2.14', 'redis-bits': '64' },
      types: { string: 4, list: 3, set: 2, zset: 3, hash: 3, stream: 1, module: 0 },
      encodings: {
        'string-plain': 4,
        'list-linkedlist': 1,
        'set-hashtable': 1,
        'zset-skiplist': 1,
        'zset-skiplist-binary': 1,
        'hash-hashtable': 1,
        'hash-zipmap': 1,
        'list-ziplist': 1,
        'set-intset': 1,
        'zset-ziplist': 1,
        'hash-ziplist': 1,
        'list-quicklist': 1,
        'stream-listpacks': 1,
      },
      databases: { '0': { keys: 15, expires: 2 }, '3': { keys: 1, expires: 0 } },
      checksum: { status: 'verified' },
      uncheckedBlobs: 0,
      bytes: file.length,
    });
  });

  it('walks the listpack layouts of Redis 7.0-7.2, quicklist2 plain nodes and FUNCTION2', () => {
    const file = rdbFile(11, (out) => {
      out.byte(OPCODE.FUNCTION2).string('#!lua name=lib\nredis.register_function("f", function() return 1 end)');
      out.byte(OPCODE.SELECTDB).len(0);
      key(out, 'hash', listpackPairs(16, [['f', 'v']]));
      key(out, 'zset', listpackPairs(17, [['m', '1.5']]));
      key(
        out,
        'list',
        quicklist2([
          { items: ['a', 'b'] },
          { items: [], plain: Buffer.alloc(5000, 0x61) },
          { items: ['c'], compressed: true },
        ]),
      );
      key(out, 'set', listpackSet(['a', 'b']));
      key(out, 'stream2', streamValue(stream, 19));
      key(out, 'stream3', streamValue(stream, 21));
    });
    expect(walk(file)).toMatchObject({
      keys: 6,
      functions: 1,
      encodings: {
        'hash-listpack': 1,
        'zset-listpack': 1,
        'list-quicklist2': 1,
        'set-listpack': 1,
        'stream-listpacks2': 1,
        'stream-listpacks3': 1,
      },
    });
  });

  it('walks module values and module aux data through their self-describing opcodes', () => {
    const moduleData = (out: RdbBytes): void => {
      out.len(2).len(7); // UINT 7
      out.len(1).len(3); // SINT 3
      out.len(3).push(Buffer.alloc(4)); // FLOAT
      out.len(4).push(encodeBinaryDouble(2.5)); // DOUBLE
      out.len(5).string('module text'); // STRING
      out.len(0); // EOF
    };
    const file = rdbFile(9, (out) => {
      out
        .byte(OPCODE.MODULE_AUX)
        .push(len64(moduleId('ReJSON-RL', 3)))
        .len(2)
        .len(1);
      moduleData(out);
      out.byte(OPCODE.SELECTDB).len(0);
      out
        .byte(7)
        .string('doc')
        .push(len64(moduleId('ReJSON-RL', 3)));
      moduleData(out);
      out
        .byte(7)
        .string('bloom')
        .push(len64(moduleId('MBbloom--', 1)));
      moduleData(out);
    });
    expect(walk(file)).toMatchObject({
      keys: 2,
      moduleAux: 1,
      types: { module: 2 },
      encodings: { 'module-v2': 2 },
      modules: { 'ReJSON-RL': 1, 'MBbloom--': 1 },
    });
  });

  it('walks the pre-release FUNCTION opcode of Redis 7.0 release candidates', () => {
    const file = rdbFile(10, (out) => {
      out.byte(OPCODE.FUNCTION_PRE_GA).string('lib').string('LUA').len(1).string('a description').string('return 1');
      out.byte(OPCODE.FUNCTION_PRE_GA).string('lib2').string('LUA').len(0).string('return 2');
    });
    expect(walk(file)).toMatchObject({ functions: 2, keys: 0 });
  });

  it('walks Redis 7.4 (RDB 12): slot info and the four hash-with-field-expiry layouts', () => {
    const ttlFields = (out: RdbBytes): void => {
      out.len(2);
      out.len(0).string('plain').string('v');
      out.len(5).string('expiring').string('w');
    };
    const file = rdbFile(12, (out) => {
      out.byte(OPCODE.SELECTDB).len(0).byte(OPCODE.RESIZEDB).len(4).len(0);
      out.byte(OPCODE.SLOT_INFO).len(100).len(4).len(0);
      out.byte(22).string('hfe-pre-ga');
      ttlFields(out);
      out
        .byte(23)
        .string('hfe-lp-pre-ga')
        .string(encodeListpack(['f', 'v', 0]));
      out.byte(24).string('hfe').push(encodeMillis(4_102_444_800_000));
      ttlFields(out);
      out
        .byte(25)
        .string('hfe-lp')
        .push(encodeMillis(4_102_444_800_000))
        .string(encodeListpack(['f', 'v', 4_102_444_800_000]));
    });
    expect(walk(file)).toMatchObject({
      rdbVersion: 12,
      keys: 4,
      slotInfo: 1,
      encodings: { 'hash-metadata-pre-ga': 1, 'hash-listpack-ex-pre-ga': 1, 'hash-metadata': 1, 'hash-listpack-ex': 1 },
    });
  });

  it("walks Valkey 9's VALKEY080 format: field expiries (type 22) and slot imports", () => {
    const file = rdbFile('valkey', (out) => {
      out.byte(OPCODE.AUX).string('valkey-ver').string('9.0.0');
      out.byte(OPCODE.SLOT_IMPORT).string('j'.repeat(40)).len(2).len(0).len(99).len(200).len(300);
      out.byte(OPCODE.SELECTDB).len(0);
      key(
        out,
        'tokens',
        valkeyHashWithExpiry([
          ['a', 'x', -1],
          ['b', 'y', 4_102_444_800_000],
        ]),
      );
      key(out, 'set', listpackSet(['a']));
    });
    expect(walk(file)).toMatchObject({
      magic: 'VALKEY',
      rdbVersion: 80,
      keys: 2,
      slotImports: 1,
      aux: { 'valkey-ver': '9.0.0' },
      encodings: { 'hash-hashtable-field-expiry': 1, 'set-listpack': 1 },
    });
  });

  it('reads LRU idle times and LFU frequencies before keys (RDB 9)', () => {
    const file = rdbFile(9, (out) => {
      out.byte(OPCODE.IDLE).len(1000);
      key(out, 'a', stringValue('x'));
      out.byte(OPCODE.FREQ).byte(200);
      out.byte(OPCODE.EXPIRETIME_MS).millis(4_102_444_800_000);
      key(out, 'b', stringValue('y'));
    });
    expect(walk(file)).toMatchObject({ keys: 2, expires: 1 });
  });

  it('counts empty collections apart, as loaders skip them', () => {
    const file = rdbFile(10, (out) => {
      key(out, 'empty-list', plainCollection(1, []));
      key(out, 'empty-ziplist', ziplistList([]));
      key(out, 'empty-quicklist', quicklist([]));
      key(out, 'empty-string', stringValue(''));
    });
    expect(walk(file)).toMatchObject({ keys: 1, emptyKeys: 3, types: { string: 1 } });
  });

  it('reports a checksum of 0 as disabled and a file before RDB 5 as having none', () => {
    const write = (out: RdbBytes): void => void key(out, 'k', stringValue('v'));
    expect(walk(rdbFile(9, write, { checksum: 'zero' })).checksum).toMatchObject({
      status: 'disabled',
      stored: '0000000000000000',
    });
    const old = rdbFile(4, write);
    expect(old.subarray(-1)[0]).toBe(OPCODE.EOF);
    expect(walk(old)).toMatchObject({ keys: 1, checksum: { status: 'absent' }, bytes: old.length });
  });

  it('walks a blob larger than its limit for length and compression, counting it unchecked', () => {
    const big = encodeListpack(Array.from({ length: 2000 }, (_, i) => `member-${i % 7}`));
    const compressed = lzfCompress(big) as Buffer;
    const file = rdbFile(11, (out) => {
      key(out, 'raw', { type: 20, bytes: Buffer.concat([new RdbBytes().len(big.length).toBuffer(), big]) });
      out.byte(20).string('lzf').push(encodeLzfString(compressed, big.length));
    });
    expect(walk(file, file.length, { maxBlobBytes: 1024 })).toMatchObject({ keys: 2, uncheckedBlobs: 2 });
    expect(walk(file)).toMatchObject({ keys: 2, uncheckedBlobs: 0 });
  });

  it('buffers at most maxBlobBytes, however large the values (and streams strings through)', () => {
    const blob = (mib: number): Buffer => encodeListpack([Buffer.alloc(mib * 2 ** 20, 0x61)]);
    const file = rdbFile(11, (out) => {
      out
        .byte(20)
        .string('set-12mib')
        .push(new RdbBytes().len(blob(12).length).toBuffer())
        .push(blob(12));
      out
        .byte(20)
        .string('set-20mib')
        .push(new RdbBytes().len(blob(20).length).toBuffer())
        .push(blob(20));
      out
        .byte(0)
        .string('string-24mib')
        .push(new RdbBytes().len(24 * 2 ** 20).toBuffer())
        .push(Buffer.alloc(24 * 2 ** 20, 0x62));
    });
    const walker = new RdbWalker();
    let most = 0;
    for (let at = 0; at < file.length; at += 2 ** 20) {
      walker.write(file.subarray(at, at + 2 ** 20));
      most = Math.max(most, walker.pendingBytes);
    }
    expect(walker.end()).toMatchObject({ keys: 3, uncheckedBlobs: 1 });
    expect(most).toBeGreaterThan(11 * 2 ** 20); // the 12 MiB listpack was kept to be validated
    expect(most).toBeLessThanOrEqual(DEFAULT_MAX_BLOB_BYTES);
  });

  it('gives the same summary whatever the chunk size, down to one byte', () => {
    const file = rdbFile(10, (out) => {
      out.byte(OPCODE.AUX).string('redis-ver').string('7.0.15');
      key(out, 'list', quicklist2([{ items: ['a', 'b', 'c'] }, { items: ['d'], compressed: true }]));
      key(out, 'page', stringValue('<p>repeat</p>'.repeat(100)));
      key(out, 'stream', streamValue(stream, 19));
    });
    const whole = walk(file);
    for (const chunk of [1, 2, 3, 7, 64]) expect(walk(file, chunk)).toEqual(whole);
  });
});
