// Installs the SDK Runtime once per process: JSON logs, Prometheus metrics, and no signal handling of
// its own (main.ts owns shutdown, so SIGTERM is handled exactly once).
import { Runtime, type Logger } from '@temporalio/worker';

export interface WorkerRuntimeOptions {
  logger: Logger;
  /** 0 disables the Prometheus endpoint. */
  metricsPort: number;
  metricsHost: string;
}

export function installWorkerRuntime(options: WorkerRuntimeOptions): Runtime {
  const metrics =
    options.metricsPort > 0
      ? { metrics: { prometheus: { bindAddress: `${options.metricsHost}:${options.metricsPort}` } } }
      : {};
  return Runtime.install({
    logger: options.logger,
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: 'WARN', forward: {} }, ...metrics },
  });
}
