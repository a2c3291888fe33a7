// What a 3.0 instance `Type` code says: engine, edition (cluster or standard) and the RDB version its backups
// carry (crs-v3-api.md §1.1 and §1.9, rdb.md). The engine comes from Type, not from CurrentRedisVersion,
// which Tencent's own example gives as "6.0.0" for a 6.2 instance.
import type { InstanceArchitecture } from '@crs-export/contracts';

export interface InstanceTypeInfo {
  /** e.g. "Redis 7.0". */
  engine: string;
  architecture: InstanceArchitecture;
  /** RDB_VERSION of the engine's release; null where unknown (CKV is Tencent's own engine; Memcached has none). */
  rdbVersion: number | null;
}

const type = (engine: string, architecture: InstanceArchitecture, rdbVersion: number | null): InstanceTypeInfo => ({
  engine,
  architecture,
  rdbVersion,
});

export const V3_INSTANCE_TYPES: Readonly<Record<number, InstanceTypeInfo>> = {
  2: type('Redis 2.8', 'standard', 6),
  3: type('CKV 3.2', 'standard', null),
  4: type('CKV 3.2', 'cluster', null),
  // "单机" (standalone): one node, no replica; a standard edition as far as backups go.
  5: type('Redis 2.8', 'standard', 6),
  6: type('Redis 4.0', 'standard', 8),
  7: type('Redis 4.0', 'cluster', 8),
  8: type('Redis 5.0', 'standard', 9),
  9: type('Redis 5.0', 'cluster', 9),
  15: type('Redis 6.2', 'standard', 9),
  16: type('Redis 6.2', 'cluster', 9),
  17: type('Redis 7.0', 'standard', 10),
  18: type('Redis 7.0', 'cluster', 10),
  // Tencent's doc lists two pairs for Valkey 8.0 (19/21 standard, 20/22 cluster).
  19: type('Valkey 8.0', 'standard', 11),
  20: type('Valkey 8.0', 'cluster', 11),
  21: type('Valkey 8.0', 'standard', 11),
  22: type('Valkey 8.0', 'cluster', 11),
  200: type('Memcached 1.6', 'cluster', null),
};

export function instanceTypeInfo(typeCode: number | null): InstanceTypeInfo | null {
  if (typeCode === null || !Object.prototype.hasOwnProperty.call(V3_INSTANCE_TYPES, typeCode)) return null;
  return V3_INSTANCE_TYPES[typeCode] ?? null;
}

/** `ProductType`: `cluster`, or `standalone` for the standard edition; null for anything else. */
export function architectureOfProductType(productType: string | null): InstanceArchitecture | null {
  const value = productType?.trim().toLowerCase();
  if (value === 'cluster') return 'cluster';
  if (value === 'standalone' || value === 'standard') return 'standard';
  return null;
}

/**
 * Cluster or standard. ProductType wins over Type when they disagree: ProductType states the edition and
 * nothing else, while Type packs engine and edition into one code from a table Tencent keeps extending
 * (Valkey 8.0 already has two pairs), so a code read against an older table is the likelier mistake.
 * Without either, more than one shard means a cluster.
 */
export function architectureOf(instance: {
  ProductType: string | null;
  Type: number | null;
  RedisShardNum: number | null;
}): InstanceArchitecture {
  return (
    architectureOfProductType(instance.ProductType) ??
    instanceTypeInfo(instance.Type)?.architecture ??
    ((instance.RedisShardNum ?? 1) > 1 ? 'cluster' : 'standard')
  );
}
