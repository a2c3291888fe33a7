// The RDB file format: a streaming, resumable verifier and a deterministic generator of realistic files.
export { Crc64, crc64 } from './crc64';
export { RdbFormatError, isRdbFormatError, type RdbCheck } from './rdb-format-error';
export { RdbWalker, DEFAULT_MAX_BLOB_BYTES, type RdbWalkerOptions } from './rdb-walker';
export type { RdbWalkerSnapshot } from './walk-state';
export type {
  RdbSummary,
  RdbContentSummary,
  RdbDatabaseSummary,
  RdbTypeCounts,
  RdbChecksumStatus,
} from './rdb-summary';
export { RDB_VALUE_KINDS, VALKEY_RDB_VERSION, type RdbMagic, type RdbValueKind } from './rdb-opcodes';
export {
  generateRdb,
  minimumRdbSize,
  MIN_RDB_SIZE_BYTES,
  type ByteRange,
  type GeneratedRdb,
  type GeneratedRdbVersion,
  type RdbGeneratorOptions,
} from './rdb-generator';
export { GENERATED_RDB_VERSIONS } from './version-layout';
export { CLUSTER_SLOTS, crc16, keySlot, shardOwnsKey, shardSlotRange, type ShardSpec } from './cluster-slot';
