// Public API of the CRS simulator (v2 and 3.0): start it, feed it scenarios and faults, read its call log.
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
  type ScenarioV3Settings,
  type ExportOutcome,
} from './scenario-schema';
export {
  parseFaultConfig,
  FaultConfigError,
  DOWNLOAD_FAULT_KINDS,
  type FaultConfig,
  type FaultSpec,
  type FaultKind,
  type DownloadFault,
  type DownloadFaultKind,
} from './fault-schema';
export type { CallRecord } from './call-log';
export type { BackupFiles } from './simulator-core';
export type { FileDescription } from './backup-files';
export type { ExpectedKeys } from './rdb-source';
export { ManualClock, OffsetClock, scaledClock, systemClock, type Clock } from './clock';
// The CRC-64 of RDB files is libs/rdb's; re-exported under the simulator's old names.
export { Crc64, crc64 } from '@crs-export/rdb';
export { ENGINES, ENGINE_NAMES, DEFAULT_ENGINE, type Engine, type EngineName } from './engines';
export { SIMULATOR_ENCRYPTION_MAGIC } from './backup-encryption';
export type { ErrorShape } from './error-codes';
export { DEFAULT_TIMESTAMP_WINDOW_MS } from './signature-check';
export { canonicalRegion, regionIdOf, longRegionName } from './regions';
export { signedParams, type SignedParamsInput } from './signed-params';
export { seededRandom, type Random } from './seeded-random';
export { DEFAULT_RATE_LIMITS } from './rate-limits';
export { V3_ACTION_NAMES, type V3ActionName } from './v3/v3-action-names';
export { V3_SIMULATOR_CODES, type V3Code } from './v3/v3-error';
export { verifyTc3, canonicalRequest, type Tc3Request, type Tc3Result } from './v3/tc3-verifier';
export { DEFAULT_V3_URL_TTL_MS } from './v3/v3-settings';
export { LoopbackAgent } from './loopback-agent';
