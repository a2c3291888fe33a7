// The files are real RDB files: per shard for a cluster, one for a standard instance, in the engine's RDB
// version, checked by Debian's redis-check-rdb (Redis 7.0, for versions up to 10) and loaded by its
// redis-server with the key counts the simulator reports; cluster keys in their shard's slots; the same
// bytes on every run; encrypted backups in the simulator's own (documented) layout.
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { keySlot, RdbWalker, shardSlotRange } from '@crs-export/rdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_IDS,
  DEMO_SCENARIO,
  ENGINES,
  ManualClock,
  SIMULATOR_ENCRYPTION_MAGIC,
  startCrsSimulator,
  type CrsSimulator,
  type EngineName,
} from '../src';
import { checkRdb, loadedKeys, loadedKeyspace } from '@crs-export/redis-testing';
import { rawGet } from './http-raw';
import { ok } from './sim-call';
import { closeAgents, sdkClient, type RedisClient } from './v3-sdk';

interface Case {
  engine: EngineName;
  cluster: boolean;
}

const CASES: Case[] = [
  { engine: 'Redis 2.8', cluster: false },
  { engine: 'Redis 4.0', cluster: false },
  { engine: 'Redis 4.0', cluster: true },
  { engine: 'Redis 5.0', cluster: false },
  { engine: 'Redis 5.0', cluster: true },
  { engine: 'Redis 6.2', cluster: false },
  { engine: 'Redis 6.2', cluster: true },
  { engine: 'Redis 7.0', cluster: false },
  { engine: 'Redis 7.0', cluster: true },
  { engine: 'Valkey 8.0', cluster: true },
];

const idOf = (c: Case): string => `crs-${c.engine.replace(/\D/g, '')}${c.cluster ? 'c' : 's'}`;

const SCENARIO = {
  credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
  v3: { clusterConversion: 'none', rateLimits: false },
  instances: [
    ...CASES.map((c) => ({
      redisId: idOf(c),
      redisName: `${c.engine} ${c.cluster ? 'cluster' : 'standard'}`,
      region: 'gz',
      architecture: c.cluster ? 'cluster' : 'standard',
      engine: c.engine,
      ...(c.cluster ? { shardNum: 3 } : {}),
      backups: [{ backupId: 'b-files', status: 2, startTime: '2026-11-28 03:00:00', rdbBytes: 300_000 }],
    })),
    ...DEMO_SCENARIO.instances.filter((instance) => instance.redisId === DEMO_IDS.clusterRedisId),
    // Too small for the realistic generator: the compact layout.
    {
      redisId: 'crs-tiny28',
      redisName: 'tiny 2.8',
      region: 'gz',
      architecture: 'standard',
      engine: 'Redis 2.8',
      backups: [{ backupId: 'b-files', status: 2, startTime: '2026-11-28 03:00:00', rdbBytes: 600 }],
    },
    {
      redisId: 'crs-tiny70',
      redisName: 'tiny 7.0',
      region: 'gz',
      architecture: 'cluster',
      engine: 'Redis 7.0',
      backups: [{ backupId: 'b-files', status: 2, startTime: '2026-11-28 03:00:00', rdbBytes: [600, 700, 800] }],
    },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'crs-sim-rdb-'));
let sim: CrsSimulator;
let client: RedisClient;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock: new ManualClock(), scenario: SCENARIO });
  client = sdkClient(sim.port);
});
afterAll(async () => {
  closeAgents();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function shardFiles(
  redisId: string,
  backupId = 'b-files',
): Promise<Array<{ name: string; size: number; bytes: Buffer }>> {
  const answer = await client.DescribeBackupUrl({ InstanceId: redisId, BackupId: backupId });
  const files = [];
  for (const info of answer.BackupInfos ?? []) {
    const { status, body } = await rawGet(info.DownloadUrl ?? '');
    expect(status).toBe(200);
    files.push({ name: info.FileName ?? '', size: info.FileSize ?? 0, bytes: body });
  }
  return files;
}

function saved(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function walk(bytes: Buffer): ReturnType<RdbWalker['end']> {
  const walker = new RdbWalker();
  walker.write(bytes);
  return walker.end();
}

describe.each(CASES)('$engine, cluster $cluster', (c) => {
  const engine = ENGINES[c.engine];
  const magic = `REDIS${String(engine.rdbVersion).padStart(4, '0')}`;

  it(`serves ${c.cluster ? 'one file per shard' : 'one file'} of exactly its size, in ${magic}`, async () => {
    const files = await shardFiles(idOf(c));
    expect(files).toHaveLength(c.cluster ? 3 : 1);
    const described = sim.files(idOf(c), 'b-files')?.v3 ?? [];
    let total = 0;
    for (const [i, file] of files.entries()) {
      expect(file.bytes).toHaveLength(file.size);
      expect(file.bytes.subarray(0, 9).toString('ascii')).toBe(magic);
      expect(file.name).toContain(`-${engine.serverVersion}-`);
      expect(walk(file.bytes)).toMatchObject({ keys: described[i]?.keys.total, checksum: { status: 'verified' } });
      total += file.size;
    }
    expect(total).toBe(300_000);
  });

  if (engine.rdbVersion <= 10) {
    it('gives files that redis-check-rdb accepts and redis-server loads with the key counts the simulator reports', async () => {
      const files = await shardFiles(idOf(c));
      const described = sim.files(idOf(c), 'b-files')?.v3 ?? [];
      for (const [i, file] of files.entries()) {
        const path = saved(`${idOf(c)}-${i + 1}.rdb`, file.bytes);
        const check = checkRdb(path);
        expect(check.output).toContain('RDB looks OK');
        expect(check.code).toBe(0);
        const keyspace = await loadedKeyspace(path);
        expect(keyspace).toEqual(described[i]?.keys.databases);
        const keys = Object.values(keyspace).reduce((sum, db) => sum + db.keys, 0);
        expect(keys).toBe(described[i]?.keys.total);
        if (!c.cluster) expect(Object.keys(keyspace).length).toBeGreaterThan(1);
        else expect(Object.keys(keyspace)).toEqual(['0']);
      }
    });
  }
});

describe('cluster shards', () => {
  it("holds in each shard file only keys of that shard's slots", async () => {
    const c: Case = { engine: 'Redis 7.0', cluster: true };
    const files = await shardFiles(idOf(c));
    for (const [index, file] of files.entries()) {
      const path = saved(`slots-${index + 1}.rdb`, file.bytes);
      const keys = await loadedKeys(path);
      expect(keys.length).toBeGreaterThan(0);
      const { first, last } = shardSlotRange({ index, count: 3 });
      expect(keys.filter((key) => keySlot(key) < first || keySlot(key) > last)).toEqual([]);
    }
  });

  it('serves v2 the whole backup as one file of the same engine, which redis-check-rdb accepts', async () => {
    const url = (
      await ok(sim, 'GetBackupDownloadUrl', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.exportedBackupId })
    ).data?.['extranet'] as string;
    const { body } = await rawGet(url);
    expect(body.subarray(0, 9).toString('ascii')).toBe('REDIS0010');
    const check = checkRdb(saved('v2-whole.rdb', body));
    expect(check.code, check.output).toBe(0);
    expect(await loadedKeyspace(join(dir, 'v2-whole.rdb'))).toEqual(
      sim.files(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId)?.v2.keys.databases,
    );
  });
});

describe('small files', () => {
  it.each([
    ['crs-tiny28', 'REDIS0006', [600]],
    ['crs-tiny70', 'REDIS0010', [600, 700, 800]],
  ])(
    'lays out %s in the compact layout, which redis-check-rdb and redis-server accept too',
    async (redisId, magic, sizes) => {
      const files = await shardFiles(redisId);
      const described = sim.files(redisId, 'b-files')?.v3 ?? [];
      expect(files.map((file) => file.bytes.length)).toEqual(sizes);
      for (const [i, file] of files.entries()) {
        expect(described[i]?.layout).toBe('compact');
        expect(file.bytes.subarray(0, 9).toString('ascii')).toBe(magic);
        const path = saved(`${redisId}-${i + 1}.rdb`, file.bytes);
        expect(checkRdb(path).code).toBe(0);
        expect(await loadedKeyspace(path)).toEqual(described[i]?.keys.databases);
        if (sizes.length > 1) {
          const { first, last } = shardSlotRange({ index: i, count: sizes.length });
          const slots = (await loadedKeys(path)).map((key) => keySlot(key));
          expect(slots.every((slot) => slot >= first && slot <= last)).toBe(true);
        }
      }
    },
  );
});

describe('determinism and encryption', () => {
  it('serves the same bytes on every run of the same scenario', async () => {
    const digest = (files: Array<{ bytes: Buffer }>): string[] =>
      files.map((file) => createHash('sha256').update(file.bytes).digest('hex'));
    const first = digest(await shardFiles(idOf({ engine: 'Redis 6.2', cluster: true })));
    const other = await startCrsSimulator({ clock: new ManualClock(), scenario: SCENARIO });
    try {
      const otherClient = sdkClient(other.port);
      const answer = await otherClient.DescribeBackupUrl({
        InstanceId: idOf({ engine: 'Redis 6.2', cluster: true }),
        BackupId: 'b-files',
      });
      const again = [];
      for (const info of answer.BackupInfos ?? []) again.push({ bytes: (await rawGet(info.DownloadUrl ?? '')).body });
      expect(digest(again)).toEqual(first);
    } finally {
      await other.close();
    }
    expect(new Set(first).size).toBe(3);
  });

  it("encrypts an encrypted backup's files in the simulator's layout, which decrypt to valid RDB files", async () => {
    const detail = await client.DescribeBackupDetail({
      InstanceId: DEMO_IDS.clusterRedisId,
      BackupId: DEMO_IDS.encryptedBackupId,
    });
    const files = await shardFiles(DEMO_IDS.clusterRedisId, DEMO_IDS.encryptedBackupId);
    expect(files).toHaveLength(3);
    const described = sim.files(DEMO_IDS.clusterRedisId, DEMO_IDS.encryptedBackupId)?.v3 ?? [];
    for (const [i, file] of files.entries()) {
      expect(file.bytes.subarray(0, 16).equals(SIMULATOR_ENCRYPTION_MAGIC)).toBe(true);
      const decipher = createDecipheriv(
        'aes-256-cbc',
        Buffer.from(detail.DecryptKey ?? '', 'base64'),
        file.bytes.subarray(16, 32),
      );
      const plain = Buffer.concat([decipher.update(file.bytes.subarray(32)), decipher.final()]);
      expect(plain).toHaveLength(described[i]?.rdbBytes ?? -1);
      expect(plain.subarray(0, 9).toString('ascii')).toBe('REDIS0010');
      expect(checkRdb(saved(`encrypted-${i + 1}.rdb`, plain)).code).toBe(0);
    }
  });
});
