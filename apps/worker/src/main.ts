// The worker process: config once, the real CRS client, the export workflow and activities on the task
// queue, rate-limited CRS calls, JSON logs, Prometheus metrics, graceful shutdown on SIGTERM/SIGINT.
import { hostname } from 'node:os';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Logger, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { executionUrlOf, loadConfig, temporalConnectionOptions, type AppConfig } from '@crs-export/config';
import { CrsRateLimiter } from '@crs-export/crs-rate-limit';
import { dataConverterFor } from '@crs-export/payload-codec';
import { loadWebhookEndpoints } from '@crs-export/notifications';
import { archiveStoreOpener } from './archive-store-opener';
import { crsBackendOf } from './crs-backend-of';
import { createExportWorker } from './create-export-worker';
import { createJsonLogger } from './json-logger';
import { installWorkerRuntime } from './worker-runtime';
import { watchWorkerShare, type WorkerShare } from './worker-share';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before anything connects: without a key the worker refuses to run (it would write payloads in clear).
  const dataConverter = await dataConverterFor(config);
  const logger = createJsonLogger(config.logLevel);
  installWorkerRuntime({ logger, metricsPort: config.worker.metricsPort, metricsHost: config.worker.metricsHost });
  const settings = temporalConnectionOptions(config);
  const { address } = settings;
  const connection = await NativeConnection.connect(settings);
  const identity = `${process.pid}@${hostname()}`;
  const share = watchWorkerShare({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity,
    onError: (error) => logger.warn('could not count the workers of the task queue', { error: String(error) }),
  });
  try {
    const worker = await createWorkerFromConfig(config, connection, { identity, share, dataConverter });
    stopOnSignals(worker, logger);
    logger.info('worker started', {
      address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
    });
    await worker.run();
    logger.info('worker stopped');
  } finally {
    share.stop();
    await connection.close();
  }
}

function createWorkerFromConfig(
  config: AppConfig,
  connection: NativeConnection,
  { identity, share, dataConverter }: { identity: string; share: WorkerShare; dataConverter: DataConverter },
): Promise<Worker> {
  const workflowBundle: WorkflowBundleOption | undefined = config.worker.workflowBundlePath
    ? { codePath: config.worker.workflowBundlePath }
    : undefined;
  return createExportWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity,
    dataConverter,
    // Credentials come from the worker's environment only; they never enter workflow input or history.
    backend: crsBackendOf(config, {
      limiter: config.crs.rateLimits
        ? new CrsRateLimiter({ limits: config.crs.rateLimits, share: () => share.share() })
        : null,
    }),
    ...(workflowBundle ? { workflowBundle } : {}),
    openArchiveStore: archiveStoreOpener(config),
    archive: {
      partSizeBytes: config.archive.partSizeBytes,
      checkAttempts: config.archive.checkAttempts,
      network: config.archive.downloadNetwork,
      allowedDestinations: config.archive.allowedDestinations,
    },
    notifications: {
      endpoints: loadWebhookEndpoints({
        ...(config.notifications.endpointsList === null ? {} : { list: config.notifications.endpointsList }),
        ...(config.notifications.endpointsFile === null ? {} : { file: config.notifications.endpointsFile }),
        env: process.env,
      }),
      webUiUrlOf: (workflowId) => executionUrlOf(config, workflowId),
    },
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    shutdownGraceTimeMs: config.worker.shutdownGraceMs,
    deployment: config.worker.deployment,
  });
}

/** The one owner of shutdown: the first signal starts a graceful stop, later ones are only logged. */
function stopOnSignals(worker: Worker, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return void logger.warn('shutdown already in progress', { signal });
    stopping = true;
    logger.info('shutting down: finishing running activities', { signal });
    worker.shutdown();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'ERROR', msg: 'worker failed', error: String(error) })}\n`);
  process.exitCode = 1;
});
