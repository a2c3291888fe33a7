// The engines a simulated instance can run, and what each one means in both APIs: the 3.0 `Type` codes
// (crs-v3-api.md §1.1), the RDB version its backups carry (§1.9, rdb.md) and the server version it reports.

export const ENGINE_NAMES = ['Redis 2.8', 'Redis 4.0', 'Redis 5.0', 'Redis 6.2', 'Redis 7.0', 'Valkey 8.0'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface Engine {
  name: EngineName;
  /** The 3.0 `Engine` field and the product in `FileType` ("RDB-Redis 7.0"). */
  product: 'Redis' | 'Valkey';
  /** Major.minor, as in the `Type` table. */
  version: string;
  /** 3.0 `Type` of a standard (master-replica) instance. */
  standardType: number;
  /** 3.0 `Type` of a cluster instance; null where 3.0 has none (Redis 2.8's cluster type is gone). */
  clusterType: number | null;
  /** `RDB_VERSION` of the release (src/rdb.h): the `REDIS00NN` magic of its files. */
  rdbVersion: number;
  /** `CurrentRedisVersion`, the `redis-ver` AUX field and the version in file names. */
  serverVersion: string;
}

/** Valkey 8.0 has two Type pairs in Tencent's doc (19/21 standard, 20/22 cluster); the first of each is used. */
export const ENGINES: Readonly<Record<EngineName, Engine>> = {
  'Redis 2.8': engine('Redis 2.8', 'Redis', '2.8', 2, null, 6, '2.8.23'),
  'Redis 4.0': engine('Redis 4.0', 'Redis', '4.0', 6, 7, 8, '4.0.8'),
  'Redis 5.0': engine('Redis 5.0', 'Redis', '5.0', 8, 9, 9, '5.0.14'),
  'Redis 6.2': engine('Redis 6.2', 'Redis', '6.2', 15, 16, 9, '6.2.14'),
  'Redis 7.0': engine('Redis 7.0', 'Redis', '7.0', 17, 18, 10, '7.0.15'),
  'Valkey 8.0': engine('Valkey 8.0', 'Valkey', '8.0', 19, 20, 11, '8.0.2'),
};

/**
 * What a scenario written for v2 (typeId only) runs: Redis 5.0, the last major release before Tencent
 * retired the v2 API (2020), whose files (REDIS0009) every tool reads.
 */
export const DEFAULT_ENGINE: EngineName = 'Redis 5.0';

function engine(
  name: EngineName,
  product: Engine['product'],
  version: string,
  standardType: number,
  clusterType: number | null,
  rdbVersion: number,
  serverVersion: string,
): Engine {
  return { name, product, version, standardType, clusterType, rdbVersion, serverVersion };
}
