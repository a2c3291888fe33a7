// How 3.0 shows an instance (InstanceSet) and a backup (RedisBackupSet, DescribeBackupDetail), with the
// fields and types of tencentcloud-sdk-nodejs 4.1.313's redis_models.d.ts.
import { randomUUIDFromName } from './v3-ids';
import { decryptKeyOf, totalRdbBytes } from '../backup-files';
import { formatBeijingTime, parseBeijingTime } from '../beijing-time';
import type { SimBackup, SimInstance, SimulatorState } from '../simulator-state';

const STATUS_TITLES: Record<number, string> = {
  0: '待初始化',
  1: '流程中',
  2: '运行中',
  [-2]: '已隔离',
  [-3]: '待删除',
};
const NEVER = '0000-00-00 00:00:00';
const DEFAULT_RETENTION_MS = 7 * 86_400_000;

export function instanceSet(state: SimulatorState, instance: SimInstance): Record<string, unknown> {
  const { profile } = instance;
  const status = state.instanceStatus(instance);
  return {
    InstanceName: profile.redisName,
    InstanceId: profile.redisId,
    Appid: profile.appid,
    ProjectId: profile.projectId,
    RegionId: profile.regionId,
    ZoneId: profile.zoneId,
    VpcId: profile.vpcId,
    SubnetId: profile.subnetId,
    Status: status,
    WanIp: profile.wanIp,
    Port: profile.port,
    Createtime: profile.createtime,
    Size: profile.sizeMb,
    SizeUsed: profile.sizeUsed,
    Type: profile.type,
    AutoRenewFlag: profile.autoRenewFlag,
    DeadlineTime: profile.deadlineTime,
    Engine: profile.engine.product,
    ProductType: profile.productType,
    UniqVpcId: profile.unVpcId,
    UniqSubnetId: profile.unSubnetId,
    BillingMode: 1,
    InstanceTitle: STATUS_TITLES[status] ?? '',
    OfflineTime: NEVER,
    SubStatus: 0,
    Tags: [],
    InstanceNode: [],
    RedisShardSize: profile.shardSizeMb,
    RedisShardNum: profile.shardNum,
    RedisReplicasNum: profile.replicasNum,
    PriceId: 0,
    CloseTime: NEVER,
    SlaveReadWeight: 0,
    InstanceTags: Object.entries(profile.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
    ProjectName: '默认项目',
    NoAuth: false,
    ClientLimit: 10000 * profile.shardNum,
    DtsStatus: 0,
    NetLimit: 48,
    PasswordFree: 0,
    Vip6: '',
    IPv6: '',
    ReadOnly: 0,
    RemainBandwidthDuration: '',
    DiskSize: 0,
    MonitorVersion: '5s',
    ClientLimitMin: 10000,
    ClientLimitMax: 40000 * profile.shardNum,
    NodeSet: [],
    Region: profile.regionLong,
    WanAddress: '',
    PolarisServer: '',
    RedisClusterId: '',
    DedicatedClusterId: '',
    ProductVersion: 'local',
    CurrentProxyVersion: '5.6.0',
    CurrentRedisVersion: profile.engine.serverVersion,
    UpgradeProxyVersion: '',
    UpgradeRedisVersion: '',
    BackupMode: 'NormalLevelBackup',
    DeleteProtectionSwitch: 0,
  };
}

/** "0" manual, "1" automatic: the SDK's RedisBackupSet enum, which Tencent's examples agree with (§1.2). */
export function backupTypeCode(backup: SimBackup): string {
  return backup.backupType === 'manualBackupInstance' ? '0' : '1';
}

export function expireTime(backup: SimBackup): string {
  if (backup.expiresAt !== null) return formatBeijingTime(backup.expiresAt);
  return formatBeijingTime(parseBeijingTime(backup.startTime) + DEFAULT_RETENTION_MS);
}

export function redisBackupSet(instance: SimInstance, backup: SimBackup): Record<string, unknown> {
  const { profile } = instance;
  return {
    StartTime: backup.startTime,
    BackupId: backup.backupId,
    BackupType: backupTypeCode(backup),
    Status: backup.status,
    Remark: backup.remark,
    Locked: backup.status === 1 ? 1 : 0,
    BackupSize: totalRdbBytes(backup.rdbBytes),
    FullBackup: 1,
    InstanceType: profile.type,
    InstanceId: profile.redisId,
    InstanceName: profile.redisName,
    Region: profile.regionLong,
    EndTime: backup.endTime,
    FileType: `RDB-${profile.engine.product} ${profile.engine.version}`,
    ExpireTime: expireTime(backup),
    Encrypted: backup.encrypted,
  };
}

export function backupDetail(instance: SimInstance, backup: SimBackup): Record<string, unknown> {
  const { profile } = instance;
  return {
    BackupId: backup.backupId,
    StartTime: backup.startTime,
    EndTime: backup.endTime,
    BackupType: backupTypeCode(backup),
    Status: backup.status,
    Remark: backup.remark,
    Locked: backup.status === 1 ? 1 : 0,
    BackupSize: totalRdbBytes(backup.rdbBytes),
    InstanceType: profile.type,
    MemSize: profile.shardSizeMb,
    ShardNum: profile.shardNum,
    ReplicasNum: profile.replicasNum,
    Encrypted: backup.encrypted,
    DecryptKey: backup.encrypted ? decryptKeyOf(profile, backup) : '',
    KmsKeyId: backup.encrypted ? randomUUIDFromName(`${profile.redisId}/${backup.backupId}/kms`) : '',
    KeyAlgorithm: backup.encrypted ? 'AES-256-CBC' : '',
  };
}
