// The Temporal server's config per server process (the shape of the module's development-postgres12.yaml) and its dynamic config.
import { readFileSync } from 'node:fs';
import type { ClusterCertificates } from './cluster-certificates';
import type { ClusterPorts } from './cluster-ports';

export type TlsMode = 'none' | 'tls' | 'mtls';

/** The Temporal services, split over two server processes as servers.md did: each process is one ServiceProcess. */
export const SERVER_PROCESSES = {
  history: ['history', 'matching'],
  frontend: ['frontend', 'worker'],
} as const satisfies Record<string, readonly ('frontend' | 'history' | 'matching' | 'worker')[]>;

export type ServerProcessName = keyof typeof SERVER_PROCESSES;

/**
 * Fixed when the cluster first starts on a database (stored in cluster_metadata_info; a different value in a
 * later config is ignored with a warning). 4, as in the module's development configs: enough for a test
 * cluster, and cheap to own and to move on 2 cores.
 */
export const NUM_HISTORY_SHARDS = 4;

export const TEMPORAL_DATABASE = 'temporal';
export const TEMPORAL_VISIBILITY_DATABASE = 'temporal_visibility';

export interface ServerConfigInput {
  process: ServerProcessName;
  ports: ClusterPorts;
  database: { user: string; password: string };
  tls: { mode: Exclude<TlsMode, 'none'>; certificates: ClusterCertificates } | null;
  dynamicConfigFile: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * The config of one server process. YAML is a superset of JSON, so this object is written as JSON and the
 * server's YAML loader reads it as it is. Every listener is on 127.0.0.1.
 */
export function temporalServerConfig(input: ServerConfigInput): Record<string, unknown> {
  const { ports } = input;
  const store = (databaseName: string, maxConns: number): Record<string, unknown> => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${ports.postgres}`,
      connectProtocol: 'tcp',
      user: input.database.user,
      password: input.database.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number): Record<string, unknown> => ({
    grpcPort,
    membershipPort,
    bindOnIP: '127.0.0.1',
  });
  const metricsPort = input.process === 'frontend' ? ports.frontendMetrics : ports.historyMetrics;
  return {
    log: { stdout: true, level: input.logLevel, format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      // The pool sizes of the temporalio/server image (SQL_MAX_CONNS, SQL_VIS_MAX_CONNS).
      datastores: {
        'postgres-default': store(TEMPORAL_DATABASE, 20),
        'postgres-visibility': store(TEMPORAL_VISIBILITY_DATABASE, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
      metrics: {
        prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${metricsPort}` },
      },
      ...(input.tls ? { tls: tlsSection(input.tls.mode, input.tls.certificates) } : {}),
    },
    services: {
      frontend: { rpc: { ...rpc(ports.frontend, ports.frontendMembership), httpPort: ports.frontendHttp } },
      history: { rpc: rpc(ports.history, ports.historyMembership) },
      matching: { rpc: rpc(ports.matching, ports.matchingMembership) },
      worker: { rpc: rpc(ports.worker, ports.workerMembership) },
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
          httpAddress: `127.0.0.1:${ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Frontend: its server certificate; under mTLS a client certificate of the cluster CA (applications) or of the
 * internode CA (the system worker) is required. Internode (history, matching, the frontend's calls to them):
 * always mutual TLS with the internode certificate and CA only, so the split processes authenticate each other
 * and an application's certificate opens no internal port. The system worker reaches the frontend through
 * membership like any client and presents the internode certificate.
 */
function tlsSection(mode: Exclude<TlsMode, 'none'>, certificates: ClusterCertificates): Record<string, unknown> {
  const { ca, server, internodeCa, internode } = certificates;
  return {
    internode: {
      server: {
        certFile: internode.certFile,
        keyFile: internode.keyFile,
        requireClientAuth: true,
        clientCaFiles: [internodeCa.certFile],
      },
      client: { serverName: certificates.internodeServerName, rootCaFiles: [internodeCa.certFile] },
    },
    frontend: {
      server: {
        certFile: server.certFile,
        keyFile: server.keyFile,
        requireClientAuth: mode === 'mtls',
        clientCaFiles: [ca.certFile, internodeCa.certFile],
      },
    },
    systemWorker: {
      certFile: internode.certFile,
      keyFile: internode.keyFile,
      client: { serverName: certificates.serverName, rootCaFiles: [ca.certFile] },
    },
  };
}

/**
 * Settings only tests want, kept out of deploy/temporal/dynamicconfig/crs-export.yaml: the server documents
 * forceSearchAttributesCacheRefreshOnRead as "used to facilitate testing ... should not be turned on in
 * production" (it reads the namespace from the database on every search-attribute lookup).
 */
export const TEST_DYNAMIC_CONFIG_OVERLAY: Readonly<Record<string, unknown>> = {
  'system.forceSearchAttributesCacheRefreshOnRead': true,
};

/**
 * The production dynamic config file, with the overlay's settings appended (global values, no constraints).
 * Plain text: the production file is block YAML with one top-level key per setting, so appending keys it does
 * not have keeps it valid; a key in both is refused rather than silently overridden.
 */
export function composeDynamicConfig(productionFile: string, overlay: Readonly<Record<string, unknown>>): string {
  const production = readFileSync(productionFile, 'utf8');
  const productionKeys = new Set([...production.matchAll(/^([A-Za-z][\w.]*):/gm)].map((match) => match[1]));
  const entries = Object.entries(overlay);
  const lines = [production.trimEnd()];
  if (entries.length > 0) lines.push('', '# Test overlay of libs/temporal-cluster (not in the production file):');
  for (const [key, value] of entries) {
    if (productionKeys.has(key)) throw new Error(`dynamic config ${key} is already set in ${productionFile}`);
    lines.push(`${key}:`, `  - value: ${JSON.stringify(value)}`, '    constraints: {}');
  }
  return `${lines.join('\n')}\n`;
}
