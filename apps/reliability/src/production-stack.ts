// The production-like topology (issue 17): libs/temporal-cluster's private PostgreSQL and the Temporal server
// 1.29.1 split over two processes (history+matching, frontend+worker), advanced visibility on PostgreSQL,
// mutual TLS on the frontend and the Web UI; two workers and two API replicas (two local stacks of
// libs/local-stack sharing the cluster and one simulator), the simulator keeping its state in a file.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildWorkflowBundleFile, startStack, type ServiceName, type Stack } from '@crs-export/local-stack';
import { generateCodecKeyFile } from '@crs-export/payload-codec';
import { startTemporalCluster } from '@crs-export/temporal-cluster';
import { CapturedTraffic } from './captured-traffic';
import { ExportApi } from './export-api';
import { megabytes, residentBytes } from './process-memory';
import {
  baseEnvironment,
  exitDescription,
  SUITE_ENV,
  type CapturedLine,
  type ReliabilityStack,
  type ReliabilityStackOptions,
  type UnexpectedExit,
} from './reliability-stack';
import { clusterProcess, stackService, temporalServerOf } from './service-handle';
import { SimulatorAdmin } from './simulator-admin';
import { apiKeysEnv } from './suite-api-keys';

/** The setup jobs' lines stay in their logs; builds (minutes, once per machine) and readiness are shown. */
function progress(line: string): void {
  if (!/^\[(setup-postgres-schema|register-search-attributes)\]/.test(line)) process.stderr.write(`${line}\n`);
}

/** `worker-2`; the simulator runs once. */
function replicaName(service: ServiceName, replica: number): string {
  return service === 'simulator' ? service : `${service}-${replica}`;
}

export async function startProductionStack(options: ReliabilityStackOptions): Promise<ReliabilityStack> {
  const started = Date.now();
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(options.workDir, { recursive: true });
  const scenarioFile = join(options.workDir, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(options.scenario), { mode: 0o600 });
  const lines: CapturedLine[] = [];
  const unexpectedExits: UnexpectedExit[] = [];
  const recordExit = (service: string, exit: { code: number | null; signal: NodeJS.Signals | null }): void => {
    unexpectedExits.push({ service, description: exitDescription(exit), at: new Date().toISOString() });
  };
  const logDir = join(options.workDir, 'logs');
  const clusterDir = join(options.workDir, 'cluster');

  // The bundle (webpack) and the cluster (initdb, schema, two server processes) at once: they overlap well.
  const bundleBuilt = buildWorkflowBundleFile(options.rootDir, join(options.workDir, 'workflow-bundle.js'));
  const clusterStarted = Date.now();
  const cluster = await startTemporalCluster({
    dataDir: clusterDir,
    rootDir: options.rootDir,
    tls: 'mtls',
    ui: true,
    dynamicConfig: 'production',
    stopTimeoutMs: 15_000,
    log: (line) => {
      progress(line);
      lines.push({ service: 'temporal-cluster', line });
    },
    onLine: (name, line) => lines.push({ service: name, line }),
    onUnexpectedExit: (name, exit) => recordExit(name, exit),
  }).catch(async (error: unknown) => {
    await bundleBuilt.catch(() => undefined);
    throw error;
  });
  const clusterMs = Date.now() - clusterStarted;
  const stacks: Stack[] = [];
  let connection: Connection | null = null;
  const close = async (): Promise<void> => {
    await connection?.close().catch(() => undefined);
    // The replicas' clients first, the simulator with the first stack, Temporal last.
    for (const stack of [...stacks].reverse()) await stack.stop();
    await cluster.stop();
  };
  try {
    const tls = cluster.tls;
    if (!tls?.clientCertFile || !tls.clientKeyFile) throw new Error('the cluster did not start with mutual TLS');
    const bundle = await bundleBuilt;
    // One payload codec key for both replicas: each must read what the other wrote.
    const codecKeysFile = join(options.workDir, 'codec-keys.json');
    await generateCodecKeyFile(codecKeysFile);
    const env: NodeJS.ProcessEnv = {
      ...baseEnvironment(),
      ...SUITE_ENV,
      CODEC_KEYS_FILE: codecKeysFile,
      TEMPORAL_TLS: 'on',
      TEMPORAL_TLS_CA: tls.caFile,
      TEMPORAL_TLS_CERT: tls.clientCertFile,
      TEMPORAL_TLS_KEY: tls.clientKeyFile,
      TEMPORAL_TLS_SERVER_NAME: tls.serverName,
      ...(cluster.uiUrl ? { TEMPORAL_UI_URL: cluster.uiUrl } : {}),
      CRS_SIM_SCENARIO: scenarioFile,
      WORKFLOW_BUNDLE_PATH: bundle,
      TENCENTCLOUD_SECRET_ID: options.credentials.secretId,
      TENCENTCLOUD_SECRET_KEY: options.credentials.secretKey,
    };
    // One keys file for both replicas, as one deployment's API keys.
    const apiEnv = await apiKeysEnv(options.workDir, options.apiKey);
    const replica = (index: number, services: ServiceName[], crsEndpoint: string | null): Promise<Stack> =>
      startStack({
        rootDir: options.rootDir,
        dataDir: join(options.workDir, `replica-${index}`),
        logDir: join(logDir, `replica-${index}`),
        env,
        services,
        temporalAddress: cluster.address,
        crsEndpoint,
        ports: { api: 0, simulator: 0, temporal: 0, temporalUi: null, workerMetrics: 0 },
        serviceEnv: {
          simulator: { CRS_SIM_STATE_FILE: join(options.workDir, 'simulator-state.json') },
          api: apiEnv,
        },
        apiKey: options.apiKey,
        stopTimeoutMs: 15_000,
        onLine: (service, line) => lines.push({ service: replicaName(service, index), line }),
        onUnexpectedExit: (service, exit) => recordExit(replicaName(service, index), exit),
        onWarning: (message) => lines.push({ service: `replica-${index}`, line: `[stack warning] ${message}` }),
      });
    const first = await replica(1, ['simulator', 'worker', 'api'], null);
    stacks.push(first);
    const second = await replica(2, ['worker', 'api'], first.urls.crsEndpoint);
    stacks.push(second);

    connection = Connection.lazy(cluster.connectionOptions());
    const temporal = new Client({
      connection,
      namespace: cluster.namespace,
      dataConverter: first.codec.keys.dataConverter,
    });
    const traffic = new CapturedTraffic();
    const processes = [
      ...Object.entries(cluster.memory()).map(([name, group]) =>
        group.processes > 1 ? `${name} ${megabytes(group.pssBytes)} PSS` : `${name} ${megabytes(group.rssBytes)}`,
      ),
      ...stacks.flatMap((stack, i) =>
        stack.services.map(
          (service) => `${replicaName(service, i + 1)} ${megabytes(residentBytes(stack.pid(service)))}`,
        ),
      ),
    ];
    return {
      topology: 'production',
      description:
        'PostgreSQL 15 (a private cluster) and the Temporal server 1.29.1 as two processes ' +
        '(history+matching, frontend+worker) with advanced visibility on PostgreSQL, mutual TLS on the frontend and the Web UI; ' +
        'two workers and two API replicas (the suite spreads its requests over both and fails over when one is down); ' +
        'the CRS simulator with its state file',
      api: new ExportApi([first.urls.api, second.urls.api], options.apiKey, traffic),
      simulator: new SimulatorAdmin(first.urls.simulator ?? '', first.simulatorAdminToken),
      temporal,
      workers: [stackService(first, 'worker', 'worker-1'), stackService(second, 'worker', 'worker-2')],
      apis: [stackService(first, 'api', 'api-1'), stackService(second, 'api', 'api-2')],
      simulatorService: stackService(first, 'simulator'),
      temporalServer: temporalServerOf([clusterProcess(cluster, 'history'), clusterProcess(cluster, 'frontend')]),
      cluster,
      uiUrl: cluster.uiUrl,
      traffic,
      lines,
      unexpectedExits,
      logDirs: [logDir, join(clusterDir, 'logs')],
      workDir: options.workDir,
      scenarioFile,
      startupMs: Date.now() - started,
      settings: {
        ...SUITE_ENV,
        TEMPORAL_TLS: 'on',
        TEMPORAL_TLS_CA: '<cluster>/tls/ca.pem',
        TEMPORAL_TLS_CERT: '<cluster>/tls/client.pem',
        TEMPORAL_TLS_KEY: '<cluster>/tls/client-key.pem',
        TEMPORAL_TLS_SERVER_NAME: tls.serverName,
        CRS_SIM_STATE_FILE: '<run>/simulator-state.json',
      },
      facts: [
        `cluster started in ${(clusterMs / 1000).toFixed(1)} s (${cluster.startup.cold ? 'cold' : 'warm'}: ${Object.entries(
          cluster.startup.steps,
        )
          .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
          .join(', ')})`,
        `memory after the start: ${processes.join(', ')}`,
      ],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
