// The demo scenario (scenarios/demo.json) as an object: what `npm start` and tests run against by default,
// over v2 and 3.0 alike.
import demo from '../scenarios/demo.json';
import { parseScenario, type Scenario } from './scenario-schema';

export const DEMO_SCENARIO: Scenario = parseScenario(demo);

/** Ids the other suites use for the demo's notable cases. */
export const DEMO_IDS = {
  region: 'gz',
  /** 3.0's name of the demo region. */
  regionLong: 'ap-guangzhou',
  /** A 3-shard Redis 7.0 cluster (3.0 Type 18, REDIS0010 files) with backups in every status. */
  clusterRedisId: 'crs-j30wibe7',
  /** Status 2, export (3.0: conversion) succeeds: the happy path. */
  exportableBackupId: '3a07b27e-f744-11e6-babc-525400082493',
  exportedBackupId: '4b18c38f-f744-11e6-babc-525400082493',
  exportingBackupId: '5c29d490-f744-11e6-babc-525400082493',
  lockedBackupId: '6d3ae5a1-f744-11e6-babc-525400082493',
  expiredBackupId: '7e4bf6b2-f744-11e6-babc-525400082493',
  exportFailsBackupId: '8f5c07c3-f744-11e6-babc-525400082493',
  exportErrorsBackupId: '90d618d4-f744-11e6-babc-525400082493',
  largeBackupId: 'a1e729e5-f744-11e6-babc-525400082493',
  /** Encrypted (Encrypted true, a DecryptKey; the simulator's own file layout). */
  encryptedBackupId: 'f63c7e3a-f744-11e6-babc-525400082493',
  /** A standard Redis 6.2 instance (v2 master-replica, 3.0 Type 15): files without conversion. */
  masterReplicaRedisId: 'crs-5wqm8nfa',
  masterReplicaBackupId: 'b2f83af6-f744-11e6-babc-525400082493',
  /** A cluster with 25 backups: more than one page. */
  manyBackupsRedisId: 'crs-ev3ntz25',
  /** A 5-shard Redis 4.0 cluster in Shanghai. */
  shanghaiRedisId: 'crs-sh7ledgr',
  shanghaiBackupId: 'd41a5c18-f744-11e6-babc-525400082493',
  /** A standard Redis 2.8 instance in Hong Kong (REDIS0006 files). */
  hongKongRedisId: 'crs-hk2cache',
  hongKongBackupId: 'e52b6d29-f744-11e6-babc-525400082493',
  /** A 2-shard Valkey 8.0 cluster in Beijing (REDIS0011 files). */
  valkeyRedisId: 'crs-vk8cache',
  valkeyBackupId: 'a7d0c2e4-f744-11e6-babc-525400082493',
} as const;
