// Redis 7.0's own tools judge the generated files: redis-check-rdb accepts every file of RDB 6 to 10, and
// redis-server loads each with exactly the key counts the generator predicted. RDB 11 and Valkey files are
// newer than Redis 7.0 reads, so the walker alone checks those (its unit tests and the last test here).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RdbWalker, generateRdb, keySlot, shardSlotRange, type RdbGeneratorOptions } from '../src';
import { checkRdb, RedisServer, redisServerVersion, redisTools } from '@crs-export/redis-testing';

let dir: string;

beforeAll(() => {
  redisTools();
  dir = mkdtempSync(join(tmpdir(), 'rdb-generated-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeFile(
  name: string,
  options: RdbGeneratorOptions,
): Promise<{ file: string; expected: ReturnType<typeof generateRdb>['expected'] }> {
  const generated = generateRdb(options);
  const file = join(dir, name);
  await pipeline(generated.stream(), createWriteStream(file));
  return { file, expected: generated.expected };
}

const CASES: Array<[string, Omit<RdbGeneratorOptions, 'rdbVersion' | 'redisVersion'>]> = [
  ['the scenario default of 64 KiB in 3 databases', { seed: 'default', sizeBytes: 65_536 }],
  ['3 MiB with 1 MiB values', { seed: 'large', sizeBytes: 3 * 2 ** 20 + 77 }],
  ['small keys only in 16 databases', { seed: 'small', sizeBytes: 600_000, fill: 'small-keys', databases: 16 }],
];

const SERVER_VERSIONS = { 6: '2.8.24', 7: '3.2.13', 8: '4.0.14', 9: '6.2.14', 10: '7.0.15' } as const;

describe('generated RDB files judged by Redis 7.0', () => {
  it('uses Redis 7.0 tools', () => {
    expect(redisServerVersion()).toMatch(/v=7\.0\./);
  });

  for (const rdbVersion of [6, 7, 8, 9, 10] as const) {
    for (const [label, options] of CASES) {
      it(`RDB ${rdbVersion}, ${label}: redis-check-rdb accepts it and redis-server loads the predicted keys`, async () => {
        const { file, expected } = await writeFile(`v${rdbVersion}-${options.seed}.rdb`, {
          ...options,
          rdbVersion,
          redisVersion: SERVER_VERSIONS[rdbVersion],
        });
        const check = checkRdb(file);
        expect(check.output).toMatch(/RDB looks OK/);
        expect(check.code).toBe(0);

        const server = await RedisServer.start(file);
        try {
          const keyspace = await server.keyspace();
          const predicted = Object.fromEntries(
            Object.entries(expected.databases).map(([db, { keys, expires }]) => [db, { keys, expires }]),
          );
          expect(keyspace).toEqual(predicted);
          const sizes = await server.dbSizes(16);
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(expected.keys);
          const libraries = (await server.client.command('FUNCTION', 'LIST')) as unknown[];
          expect(libraries).toHaveLength(expected.functions);
        } finally {
          await server.stop();
        }
      });
    }

    it(`RDB ${rdbVersion} for shard 2 of 3: only keys of that shard's slots, all in database 0`, async () => {
      const shard = { index: 2, count: 3 };
      const { file, expected } = await writeFile(`v${rdbVersion}-shard.rdb`, {
        rdbVersion,
        redisVersion: SERVER_VERSIONS[rdbVersion],
        seed: 'shard',
        sizeBytes: 300_000,
        shard,
        databases: 4,
      });
      expect(checkRdb(file).code).toBe(0);
      const server = await RedisServer.start(file);
      try {
        expect(Object.keys(await server.keyspace())).toEqual(['0']);
        const names = await server.keys();
        expect(names).toHaveLength(expected.keys);
        const { first, last } = shardSlotRange(shard);
        const outside = names.filter((name) => keySlot(name) < first || keySlot(name) > last);
        expect(outside.map((name) => name.toString())).toEqual([]);
      } finally {
        await server.stop();
      }
    });
  }

  it('RDB 11 and Valkey 9 files are refused by Redis 7.0 as too new, so the walker checks them', async () => {
    for (const rdbVersion of [11, 80] as const) {
      const { file, expected } = await writeFile(`v${rdbVersion}.rdb`, {
        rdbVersion,
        redisVersion: '7.2.4',
        seed: 'new',
        sizeBytes: 65_536,
      });
      const check = checkRdb(file);
      expect(check.code).not.toBe(0);
      expect(check.output).toMatch(rdbVersion === 11 ? /Can't handle RDB format version 11/ : /Wrong signature/);
      const walker = new RdbWalker();
      const generated = generateRdb({ rdbVersion, redisVersion: '7.2.4', seed: 'new', sizeBytes: 65_536 });
      for (const chunk of generated.chunks()) walker.write(chunk);
      const { checksum, uncheckedBlobs, ...content } = walker.end();
      expect(checksum.status).toBe('verified');
      expect(uncheckedBlobs).toBe(0);
      expect(content).toEqual(expected);
    }
  });
});
