// One scenario instance seen by both APIs: the fields v2's DescribeRedis and 3.0's DescribeInstances
// report, derived from its one description (engine, cluster or standard, shards, replicas, region).
import { createHash } from 'node:crypto';
import { DEFAULT_ENGINE, ENGINES, type Engine } from './engines';
import { longRegionName } from './regions';
import { DEFAULT_CLUSTER_SHARDS, type ScenarioInstance } from './scenario-schema';

export interface InstanceProfile {
  redisId: string;
  redisName: string;
  /** Short (`gz`, v2) and long (`ap-guangzhou`, 3.0) region names, and v2's regionId. */
  region: string;
  regionLong: string;
  regionId: number;
  cluster: boolean;
  /** v2 typeId: 1 cluster, 2 master-replica. */
  typeId: 1 | 2;
  engine: Engine;
  /** 3.0 `Type` (crs-v3-api.md §1.1): e.g. 18 for a Redis 7.0 cluster. */
  type: number;
  /** 3.0 `ProductType`. */
  productType: 'cluster' | 'standalone';
  /** DescribeInstances' `TypeVersion` filter: 1 standalone (no replica), 2 master-replica, 3 cluster. */
  typeVersion: 1 | 2 | 3;
  shardNum: number;
  replicasNum: number;
  shardSizeMb: number;
  /** Whole memory, MB (v2 `size`, 3.0 `Size`). */
  sizeMb: number;
  /** The instance's number in COS object paths and file names (`/redis/1001463/...`). */
  numericId: number;
  appid: number;
  projectId: number;
  zoneId: number;
  vpcId: number;
  subnetId: number;
  unVpcId: string;
  unSubnetId: string;
  wanIp: string;
  port: number;
  createtime: string;
  deadlineTime: string;
  sizeUsed: number;
  autoRenewFlag: number;
  tags: Readonly<Record<string, string>>;
}

/** A stable number in [1000000, 9999999] from a name. */
export function numberOf(name: string): number {
  return 1_000_000 + (createHash('sha256').update(name).digest().readUInt32BE(0) % 9_000_000);
}

export function instanceProfile(instance: ScenarioInstance): InstanceProfile {
  const cluster = instance.typeId === 1;
  const engine = ENGINES[instance.engine ?? DEFAULT_ENGINE];
  const shardNum = cluster ? (instance.shardNum ?? DEFAULT_CLUSTER_SHARDS) : 1;
  const shardSizeMb =
    instance.shardSizeMb ?? (instance.size !== undefined ? Math.max(1, Math.floor(instance.size / shardNum)) : 1024);
  const replicasNum = instance.replicasNum ?? 1;
  return {
    redisId: instance.redisId,
    redisName: instance.redisName,
    region: instance.region,
    regionLong: longRegionName(instance.region),
    regionId: instance.regionId,
    cluster,
    typeId: instance.typeId,
    engine,
    // The schema refuses a cluster of an engine without a 3.0 cluster Type.
    type: cluster ? (engine.clusterType ?? engine.standardType) : engine.standardType,
    productType: cluster ? 'cluster' : 'standalone',
    typeVersion: cluster ? 3 : replicasNum === 0 ? 1 : 2,
    shardNum,
    replicasNum,
    shardSizeMb,
    sizeMb: instance.size ?? shardSizeMb * shardNum,
    numericId: numberOf(instance.redisId),
    appid: instance.appid ?? 1251000000,
    projectId: instance.projectId ?? 0,
    zoneId: instance.zoneId ?? instance.regionId * 100000 + 2,
    vpcId: instance.vpcId ?? 0,
    subnetId: instance.subnetId ?? 0,
    unVpcId: instance.unVpcId ?? '',
    unSubnetId: instance.unSubnetId ?? '',
    wanIp: instance.wanIp ?? '10.66.183.31',
    port: instance.port ?? 6379,
    createtime: instance.createtime ?? '2026-01-05 10:00:00',
    deadlineTime: instance.deadlineTime ?? '2027-01-05 10:00:00',
    sizeUsed: instance.sizeUsed ?? 1024,
    autoRenewFlag: instance.autoRenewFlag ?? 0,
    tags: instance.tags ?? {},
  };
}
