// The worker process: config once, the real CRS client, the export workflow and activities on the task
// queue, rate-limited CRS calls, JSON logs, Prometheus metrics, graceful shutdown on SIGTERM/SIGINT.
import { hostname } from 'node:os';
import { NativeConnection, type Logger, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { loadConfig, temporalConnectionOptions, type AppConfig } from '@crs-export/config';
import { CrsRateLimiter } from '@crs-export/crs-rate-limit';
import { crsBackendOf } from './crs-backend-of';
import { createExportWorker } from './create-export-worker';
import { createJsonLogger } from './json-logger';
import { installWorkerRuntime } from './worker-runtime';
import { watchWorkerShare, type WorkerShare } from './worker-share';

async function main(): Promise<void> {
  const config = loadConfig();
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
    const worker = await createWorkerFromConfig(config, connection, { identity, share });
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
  { identity, share }: { identity: string; share: WorkerShare },
): Promise<Worker> {
  const workflowBundle: WorkflowBundleOption | undefined = config.worker.workflowBundlePath
    ? { codePath: config.worker.workflowBundlePath }
    : undefined;
  return createExportWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity,
    // Credentials come from the worker's environment only; they never enter workflow input or history.
    backend: crsBackendOf(config, {
      limiter: config.crs.rateLimits
        ? new CrsRateLimiter({ limits: config.crs.rateLimits, share: () => share.share() })
        : null,
    }),
    ...(workflowBundle ? { workflowBundle } : {}),
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    shutdownGraceTimeMs: config.worker.shutdownGraceMs,
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
