// A production-like Temporal topology on one machine: PostgreSQL, the Temporal server split over processes, TLS, the Web UI.
export {
  ClusterInUseError,
  startTemporalCluster,
  type ClusterConnectionOptions,
  type ClusterProcessName,
  type ClusterStartup,
  type ClusterTls,
  type TemporalCluster,
  type TemporalClusterOptions,
} from './temporal-cluster';
export { provisionClusterToolchain, type ClusterToolchain, type ToolchainOptions } from './cluster-toolchain';
export {
  createCertificateAuthority,
  DEFAULT_SERVER_NAME,
  issueCertificate,
  type CertificateAuthority,
  type IssuedCertificate,
} from './cluster-certificates';
export type { ClusterPorts } from './cluster-ports';
export type { GroupMemory } from './process-groups';
export { processFamily } from './process-groups';
export {
  composeDynamicConfig,
  NUM_HISTORY_SHARDS,
  SERVER_PROCESSES,
  TEST_DYNAMIC_CONFIG_OVERLAY,
  temporalServerConfig,
  type TlsMode,
} from './server-config';
export {
  MissingToolError,
  TEMPORAL_SERVER_BUILD,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_UI_BUILD,
  TEMPORAL_UI_VERSION,
} from './server-binaries';
export { SetupJobError } from './setup-jobs';
export { downloadTemporalServerModule, type TemporalServerModule } from './server-module';
