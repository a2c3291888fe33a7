// The demo scenario (scenarios/demo.json) as an object: what `npm start` and tests run against by default.
import demo from '../scenarios/demo.json';
import { parseScenario, type Scenario } from './scenario';

export const DEMO_SCENARIO: Scenario = parseScenario(demo);

/** Ids the other suites use for the demo's notable cases. */
export const DEMO_IDS = {
  region: 'gz',
  clusterRedisId: 'crs-j30wibe7',
  /** Status 2, export succeeds: the happy path. */
  exportableBackupId: '3a07b27e-f744-11e6-babc-525400082493',
  exportedBackupId: '4b18c38f-f744-11e6-babc-525400082493',
  exportingBackupId: '5c29d490-f744-11e6-babc-525400082493',
  lockedBackupId: '6d3ae5a1-f744-11e6-babc-525400082493',
  expiredBackupId: '7e4bf6b2-f744-11e6-babc-525400082493',
  exportFailsBackupId: '8f5c07c3-f744-11e6-babc-525400082493',
  exportErrorsBackupId: '90d618d4-f744-11e6-babc-525400082493',
  largeBackupId: 'a1e729e5-f744-11e6-babc-525400082493',
  masterReplicaRedisId: 'crs-5wqm8nfa',
  masterReplicaBackupId: 'b2f83af6-f744-11e6-babc-525400082493',
  /** A cluster with 25 backups: more than one page. */
  manyBackupsRedisId: 'crs-ev3ntz25',
  shanghaiRedisId: 'crs-sh7ledgr',
  shanghaiBackupId: 'd41a5c18-f744-11e6-babc-525400082493',
  hongKongRedisId: 'crs-hk2cache',
} as const;
