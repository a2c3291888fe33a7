// The walker on files a real Redis 7.0 saved (every type, each forced into each of its encodings), and on
// those files damaged: a flipped bit, a cut, a wrong magic, trailing bytes, a corrupted listpack or ziplist
// header inside an otherwise consistent file (CRC recomputed, so only the structure check can tell).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RdbFormatError, RdbWalker, generateRdb, type RdbSummary, type RdbWalkerSnapshot } from '../src';
import { walk, walkError, withFreshCrc } from './rdb-fixtures';
import { checkRdb, RedisServer, redisTools, type DatabaseKeyspace } from '@crs-export/redis-testing';

let dir: string;
let dump: Buffer;
let keyspace: Record<string, DatabaseKeyspace>;
let dumpWithoutChecksum: Buffer;

/** Fills a server with keys of every type, each in every encoding Redis 7.0 saves it in. */
async function populate(server: RedisServer): Promise<void> {
  const c = server.client;
  const run = async (...args: Array<string | number>): Promise<void> => void (await c.command(...args));
  await run('SET', 'str:int8', '42');
  await run('SET', 'str:int32', '1234567');
  await run('SET', 'str:int64', '98765432109876');
  await run('SET', 'str:raw', 'hello world');
  await run('SET', 'str:lzf', 'abc'.repeat(1000));
  await run('SET', 'str:empty', '');
  await run('SET', `key:${'x'.repeat(100)}`, 'a compressible key name');
  await run('RPUSH', 'list:small', 'a', 'b', '3');
  await run('RPUSH', 'list:big', ...Array.from({ length: 2000 }, (_, i) => `element-${i}-${'y'.repeat(10)}`));
  await run('CONFIG', 'SET', 'list-compress-depth', '1');
  await run('RPUSH', 'list:compressed', ...Array.from({ length: 2000 }, () => 'the same text again and again'));
  await run('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1000');
  await run('RPUSH', 'list:plain', 'small', 'z'.repeat(5000), 'small again');
  await run('SADD', 'set:intset', 1, 2, 3, -70000, 5_000_000_000);
  await run('SADD', 'set:hashtable', 'a', 'b', 'c');
  await run('SADD', 'set:many-ints', ...Array.from({ length: 600 }, (_, i) => i));
  await run('ZADD', 'zset:listpack', 1, 'a', 2.5, 'b', '+inf', 'c');
  await run('ZADD', 'zset:skiplist', ...Array.from({ length: 200 }, (_, i) => [i / 3, `member-${i}`]).flat());
  await run('HSET', 'hash:listpack', 'name', 'ann', 'age', '37');
  await run('HSET', 'hash:hashtable', ...Array.from({ length: 200 }, (_, i) => [`field-${i}`, `value-${i}`]).flat());
  await run('HSET', 'hash:long-value', 'bio', 'q'.repeat(100));
  for (let i = 0; i < 250; i++) await run('XADD', 'stream:orders', '*', 'order', `o-${i}`, 'amount', i);
  await run('XADD', 'stream:orders', '*', 'note', 'different fields');
  await run('XGROUP', 'CREATE', 'stream:orders', 'billing', '0');
  await run('XREADGROUP', 'GROUP', 'billing', 'worker-1', 'COUNT', 3, 'STREAMS', 'stream:orders', '>');
  await run('XREADGROUP', 'GROUP', 'billing', 'worker-2', 'COUNT', 2, 'STREAMS', 'stream:orders', '>');
  await run('XGROUP', 'CREATE', 'stream:orders', 'audit', '$');
  const [first] = (await c.command('XRANGE', 'stream:orders', '-', '+', 'COUNT', 1)) as Array<[Buffer]>;
  if (first) await run('XDEL', 'stream:orders', first[0].toString());
  await run('XADD', 'stream:trimmed', 'MAXLEN', '0', '*', 'f', 'v');
  await run(
    'FUNCTION',
    'LOAD',
    "#!lua name=mylib\nredis.register_function('hello', function(keys, args) return 'hi' end)",
  );
  for (const key of ['str:raw', 'list:small', 'hash:listpack', 'stream:orders']) await run('EXPIRE', key, 1_000_000);
  await run('SELECT', 1);
  await run('SET', 'other', '1');
  await run('SELECT', 5);
  await run('HSET', 'h', 'f', 'v');
  await run('SET', 'b', '2', 'EX', 1_000_000);
  await run('SELECT', 0);
}

beforeAll(async () => {
  redisTools();
  dir = mkdtempSync(join(tmpdir(), 'rdb-real-'));
  const file = join(dir, 'dump.rdb');
  const server = await RedisServer.start(file, ['--enable-debug-command', 'yes']);
  try {
    await populate(server);
    keyspace = await server.keyspace();
    await server.client.command('SAVE');
    dump = readFileSync(file);
  } finally {
    await server.stop();
  }
  // rdbchecksum cannot change at run time in Redis 7.0: a second server saves without it.
  const unchecked = join(dir, 'unchecked.rdb');
  const second = await RedisServer.start(unchecked, ['--enable-debug-command', 'yes', '--rdbchecksum', 'no']);
  try {
    await populate(second);
    await second.client.command('SAVE');
    dumpWithoutChecksum = readFileSync(unchecked);
  } finally {
    await second.stop();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sameCounts(summary: RdbSummary): Record<string, DatabaseKeyspace> {
  return Object.fromEntries(
    Object.entries(summary.databases).map(([db, { keys, expires }]) => [db, { keys, expires }]),
  );
}

/** The offset of a key's value in a dump: after its type byte, its 1-byte name length and its name. */
function valueOffset(file: Buffer, type: number, name: string): number {
  const at = file.indexOf(Buffer.concat([Buffer.from([type, name.length]), Buffer.from(name)]));
  if (at < 0) throw new Error(`the dump holds no key ${name} of type ${type}`);
  return at + 2 + name.length;
}

describe('the walker on files saved by Redis 7.0', () => {
  it('counts what INFO keyspace counts, in every database', () => {
    expect(sameCounts(walk(dump))).toEqual(keyspace);
    expect(Object.keys(keyspace)).toEqual(['0', '1', '5']);
  });

  it('sees each encoding Redis 7.0 saves, functions, AUX fields and a verified CRC', () => {
    const summary = walk(dump);
    expect(Object.keys(summary.encodings).sort()).toEqual([
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
    expect(summary).toMatchObject({
      magic: 'REDIS',
      rdbVersion: 10,
      functions: 1,
      emptyKeys: 0,
      aux: { 'redis-ver': expect.stringMatching(/^7\.0\./), 'redis-bits': '64', 'aof-base': '0' },
      checksum: { status: 'verified' },
      bytes: dump.length,
      uncheckedBlobs: 0,
    });
  });

  it('reports a file saved with rdbchecksum no as disabled, not as corrupt', () => {
    expect(walk(dumpWithoutChecksum).checksum).toMatchObject({ status: 'disabled', stored: '0000000000000000' });
    expect(sameCounts(walk(dumpWithoutChecksum))).toEqual(keyspace);
  });

  it('gives the same summary in small chunks, with blobs left unchecked, and across restores', () => {
    const whole = walk(dump);
    expect(walk(dump, 7)).toEqual(whole);
    expect(walk(dump, 1000)).toEqual(whole);
    const limited = walk(dump, 4096, { maxBlobBytes: 64 });
    expect(limited.uncheckedBlobs).toBeGreaterThan(5);
    expect({ ...limited, uncheckedBlobs: 0 }).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.nat(dump.length), { maxLength: 6 }), (cuts) => {
        let walker = new RdbWalker();
        let from = 0;
        for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
          walker.write(dump.subarray(from, cut));
          walker = RdbWalker.restore(JSON.parse(JSON.stringify(walker.snapshot())) as RdbWalkerSnapshot);
          from = cut;
        }
        walker.write(dump.subarray(from));
        expect(walker.end()).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('rejects a flipped bit through the CRC', () => {
    const flipped = Buffer.from(dump);
    const at = flipped.indexOf('hello world');
    flipped[at] = (flipped[at] as number) ^ 0x01;
    expect(walkError(flipped)).toMatchObject({ check: 'crc', offset: dump.length - 8 });
    expect(checkRdb(write('flipped.rdb', flipped)).output).toMatch(/RDB CRC error/);
  });

  it('rejects a truncated file, wherever it is cut', () => {
    for (const cut of [0, 5, 9, 100, Math.floor(dump.length / 2), dump.length - 9, dump.length - 1]) {
      expect(walkError(dump.subarray(0, cut))).toMatchObject({ check: 'truncated', offset: cut });
    }
  });

  it('rejects a wrong magic and trailing bytes', () => {
    expect(walkError(Buffer.concat([Buffer.from('RODIS'), dump.subarray(5)]))).toMatchObject({
      check: 'magic',
      offset: 0,
    });
    expect(walkError(Buffer.concat([dump, Buffer.from('\n')]))).toMatchObject({
      check: 'trailing-bytes',
      offset: dump.length,
    });
  });

  it('rejects a corrupted listpack header in a file whose CRC is right, as redis-check-rdb does', () => {
    const broken = Buffer.from(dump);
    const at = valueOffset(broken, 16, 'hash:listpack') + 1; // after the 1-byte string length
    broken.writeUInt32LE(broken.readUInt32LE(at) + 1, at);
    const file = withFreshCrc(broken);
    const error = walkError(file);
    expect(error).toBeInstanceOf(RdbFormatError);
    expect(error).toMatchObject({ check: 'structure', offset: at });
    expect(error.message).toMatch(
      /key "hash:listpack" \(db 0, hash-listpack, at offset \d+\): the listpack header says/,
    );
    expect(checkRdb(write('bad-listpack.rdb', file)).code).not.toBe(0);
  });

  it('rejects a corrupted ziplist header in an RDB 6 file whose CRC is right, as redis-check-rdb does', () => {
    const parts: Buffer[] = [];
    for (const chunk of generateRdb({
      rdbVersion: 6,
      redisVersion: '2.8.24',
      seed: 'ziplist',
      sizeBytes: 65_536,
    }).chunks()) {
      parts.push(Buffer.from(chunk));
    }
    const good = Buffer.concat(parts);
    expect(checkRdb(write('good-v6.rdb', good)).code).toBe(0);
    const broken = Buffer.from(good);
    const at = valueOffset(broken, 13, 'user:1000') + 1;
    broken.writeUInt16LE(broken.readUInt16LE(at + 8) + 1, at + 8); // zllen, the entry count
    const file = withFreshCrc(broken);
    expect(walkError(file)).toMatchObject({
      check: 'structure',
      offset: at + 8,
      message: expect.stringMatching(/the ziplist header counts/),
    });
    expect(checkRdb(write('bad-ziplist.rdb', file)).output).toMatch(/integrity check failed/i);
  });
});

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
