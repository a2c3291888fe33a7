// The files of a backup: one per shard over 3.0 (COS-like object names and paths), one for the whole
// backup over v2 (its GetBackupDownloadUrl gives one URL), each an RDB file of the engine's version.
import { Readable } from 'node:stream';
import { beijingDate, parseBeijingTime } from './beijing-time';
import {
  derivedDecryptKey,
  encryptedBytes,
  encryptedStream,
  fileEncryption,
  type FileEncryption,
} from './backup-encryption';
import { numberOf, type InstanceProfile } from './instance-profile';
import { rdbFileContent, type ExpectedKeys, type RdbFileSpec } from './rdb-source';
import type { SimBackup } from './simulator-state';

export interface BackupFile {
  api: 'v2' | 'v3';
  /** 1-based, as in Tencent's file names; a v2 file is shard 1 of 1. */
  shard: number;
  fileName: string;
  /** Bytes served: the RDB file, or its encrypted form. */
  sizeBytes: number;
  rdbBytes: number;
  spec: RdbFileSpec;
  encryption: FileEncryption | null;
  /** 3.0 only: `/<appid>/redis/<instance>/data/<date>/-<fileName>`. */
  objectPath: string;
}

/** The plain RDB size of each shard: a list as given, or the total split evenly (the remainder up front). */
export function shardSizes(total: number | number[], shards: number): number[] {
  if (Array.isArray(total)) return total;
  const base = Math.floor(total / shards);
  return Array.from({ length: shards }, (_, i) => base + (i < total % shards ? 1 : 0));
}

export function totalRdbBytes(sizes: number | number[]): number {
  return Array.isArray(sizes) ? sizes.reduce((sum, size) => sum + size, 0) : sizes;
}

export function decryptKeyOf(profile: InstanceProfile, backup: SimBackup): string {
  return backup.decryptKey ?? derivedDecryptKey(profile.redisId, backup.backupId);
}

function file(
  profile: InstanceProfile,
  backup: SimBackup,
  api: BackupFile['api'],
  shard: number,
  rdbBytes: number,
  shardSpec: RdbFileSpec['shard'],
): BackupFile {
  const seed = `${profile.redisId}/${backup.backupId}/${api === 'v2' ? 'whole' : shard}`;
  const server = profile.engine.product === 'Valkey' ? 'valkey-server' : 'redis-server';
  // Tencent's pattern (crs-v3-api.md §1.5): <a>-<b>-redis-server-<version>-<instance>-ignore-<k>-ignore.rdb
  const fileName =
    api === 'v2'
      ? `${backup.backupId}.rdb`
      : `${numberOf(`${backup.backupId}/a`)}-${numberOf(`${backup.backupId}/b`)}-${server}-${profile.engine.serverVersion}-${profile.numericId}-ignore-${shard}-ignore.rdb`;
  const startedAt = parseBeijingTime(backup.startTime);
  const date = beijingDate(Number.isNaN(startedAt) ? 0 : startedAt);
  return {
    api,
    shard,
    fileName,
    sizeBytes: backup.encrypted ? encryptedBytes(rdbBytes) : rdbBytes,
    rdbBytes,
    spec: {
      rdbVersion: profile.engine.rdbVersion,
      redisVersion: profile.engine.serverVersion,
      seed,
      sizeBytes: rdbBytes,
      ...(shardSpec ? { shard: shardSpec } : {}),
      identity: { redisId: profile.redisId, backupId: backup.backupId },
    },
    encryption: backup.encrypted ? fileEncryption(decryptKeyOf(profile, backup), seed) : null,
    objectPath: `/${profile.appid}/redis/${profile.numericId}/data/${date}/-${fileName}`,
  };
}

/** 3.0: one file per shard. */
export function shardFiles(profile: InstanceProfile, backup: SimBackup): BackupFile[] {
  return shardSizes(backup.rdbBytes, profile.shardNum).map((bytes, i) =>
    file(profile, backup, 'v3', i + 1, bytes, profile.cluster ? { index: i, count: profile.shardNum } : undefined),
  );
}

/** v2: the whole backup in one file (a cluster's holds every slot, in database 0). */
export function wholeBackupFile(profile: InstanceProfile, backup: SimBackup): BackupFile {
  return file(
    profile,
    backup,
    'v2',
    1,
    totalRdbBytes(backup.rdbBytes),
    profile.cluster ? { index: 0, count: 1 } : undefined,
  );
}

/** The bytes a file serves, from the start. */
export function fileStream(backupFile: BackupFile): Readable {
  const plain = rdbFileContent(backupFile.spec).stream();
  return backupFile.encryption ? Readable.from(encryptedStream(plain, backupFile.encryption)) : plain;
}

export interface FileDescription {
  api: BackupFile['api'];
  shard: number;
  fileName: string;
  sizeBytes: number;
  rdbBytes: number;
  rdbVersion: number;
  layout: 'compact' | 'realistic';
  encrypted: boolean;
  /** What a redis-server that loads this file (decrypted) holds. */
  keys: ExpectedKeys;
}

export function describeFile(backupFile: BackupFile): FileDescription {
  const content = rdbFileContent(backupFile.spec);
  return {
    api: backupFile.api,
    shard: backupFile.shard,
    fileName: backupFile.fileName,
    sizeBytes: backupFile.sizeBytes,
    rdbBytes: backupFile.rdbBytes,
    rdbVersion: backupFile.spec.rdbVersion,
    layout: content.layout,
    encrypted: backupFile.encryption !== null,
    keys: content.keys,
  };
}
