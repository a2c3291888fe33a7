// Public API of the CRS v2 simulator: start it, feed it scenarios and faults, read its call log.
export { startCrsSimulator, type CrsSimulator, type CrsSimulatorOptions } from './simulator-server';
export { DEMO_SCENARIO, DEMO_IDS } from './demo-scenario';
export {
  parseScenario,
  ScenarioError,
  DEFAULT_URL_TTL_MS,
  DEFAULT_RDB_BYTES,
  MIN_RDB_BYTES,
  type Scenario,
  type ScenarioBackup,
  type ScenarioInstance,
  type ScenarioCredential,
  type ExportOutcome,
} from './scenario';
export { parseFaultConfig, FaultConfigError, type FaultConfig, type FaultSpec, type FaultKind } from './faults';
export type { CallRecord } from './call-log';
export { ManualClock, OffsetClock, scaledClock, systemClock, type Clock } from './clock';
export { Crc64, crc64 } from './crc64';
export { rdbFileStream, minimumRdbBytes, type RdbFileSpec } from './rdb-file';
export type { ErrorShape } from './error-codes';
export { DEFAULT_TIMESTAMP_WINDOW_MS } from './signature-check';
export { canonicalRegion, regionIdOf } from './regions';
export { signedParams, type SignedParamsInput } from './signed-params';
export { seededRandom, type Random } from './seeded-random';
