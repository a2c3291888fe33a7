// The dev-server topology: the Temporal CLI's dev server on a SQLite file, the simulator, one worker and one
// API, all supervised by libs/local-stack on free ports of 127.0.0.1.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildWorkflowBundleFile, startStack } from '@crs-export/local-stack';
import { CapturedTraffic } from './captured-traffic';
import { ExportApi } from './export-api';
import {
  baseEnvironment,
  exitDescription,
  SUITE_ENV,
  type CapturedLine,
  type ReliabilityStack,
  type ReliabilityStackOptions,
  type UnexpectedExit,
} from './reliability-stack';
import { stackService, temporalServerOf } from './service-handle';
import { SimulatorAdmin } from './simulator-admin';
import { apiKeysEnv } from './suite-api-keys';

export async function startDevStack(options: ReliabilityStackOptions): Promise<ReliabilityStack> {
  const started = Date.now();
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(options.workDir, { recursive: true });
  const scenarioFile = join(options.workDir, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(options.scenario), { mode: 0o600 });
  const bundle = await buildWorkflowBundleFile(options.rootDir, join(options.workDir, 'workflow-bundle.js'));
  const lines: CapturedLine[] = [];
  const unexpectedExits: UnexpectedExit[] = [];
  const logDir = join(options.workDir, 'logs');
  const stack = await startStack({
    rootDir: options.rootDir,
    dataDir: options.workDir,
    logDir,
    env: {
      ...baseEnvironment(),
      ...SUITE_ENV,
      CRS_SIM_SCENARIO: scenarioFile,
      WORKFLOW_BUNDLE_PATH: bundle,
      TENCENTCLOUD_SECRET_ID: options.credentials.secretId,
      TENCENTCLOUD_SECRET_KEY: options.credentials.secretKey,
    },
    temporalAddress: null,
    crsEndpoint: null,
    ports: { api: 0, simulator: 0, temporal: 0, temporalUi: null, workerMetrics: 0 },
    persistTemporal: true,
    apiKey: options.apiKey,
    serviceEnv: { api: await apiKeysEnv(options.workDir, options.apiKey) },
    stopTimeoutMs: 15_000,
    onLine: (service, line) => lines.push({ service, line }),
    onUnexpectedExit: (service, exit) =>
      unexpectedExits.push({ service, description: exitDescription(exit), at: new Date().toISOString() }),
    onWarning: (message) => lines.push({ service: 'temporal', line: `[stack warning] ${message}` }),
  });
  const connection = Connection.lazy({ address: stack.urls.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: stack.namespace,
    dataConverter: stack.codec.keys.dataConverter,
  });
  const traffic = new CapturedTraffic();
  return {
    topology: 'dev',
    description:
      'Temporal dev server on SQLite (one process), the CRS simulator (state in memory), one worker and one API as processes',
    api: new ExportApi(stack.urls.api, options.apiKey, traffic),
    simulator: new SimulatorAdmin(stack.urls.simulator ?? '', stack.simulatorAdminToken),
    temporal,
    workers: [stackService(stack, 'worker')],
    apis: [stackService(stack, 'api')],
    simulatorService: stackService(stack, 'simulator'),
    temporalServer: temporalServerOf([stackService(stack, 'temporal')]),
    cluster: null,
    uiUrl: null,
    traffic,
    lines,
    unexpectedExits,
    logDirs: [logDir],
    workDir: options.workDir,
    scenarioFile,
    startupMs: Date.now() - started,
    settings: SUITE_ENV,
    facts: [],
    close: async () => {
      await connection.close().catch(() => undefined);
      await stack.stop();
    },
  };
}
