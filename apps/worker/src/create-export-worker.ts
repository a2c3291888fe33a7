// Builds a Temporal worker that runs the export workflow and its CRS activities; main, tests and the
// reliability and benchmark suites all create their workers here.
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataConverter, Logger } from '@temporalio/common';
import { PRODUCT_VERSION, type CrsBackend } from '@crs-export/contracts';
import {
  createExportActivities,
  createArchiveActivities,
  createNotificationActivities,
  createRetentionActivities,
  type ArchiveActivityDeps,
  type NotificationActivityDeps,
  type OpenArchiveStore,
} from '@crs-export/export-activities';
import { openArchiveStore } from '@crs-export/archive';
import { WebhookEndpoints } from '@crs-export/notifications';
import { EXPORT_WORKFLOWS_PATH, resolveWorkspaceAliases } from './workflow-bundle';

export interface ExportWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  namespace?: string;
  /** The worker's identity in Temporal (default the SDK's pid@host); the rate limiter counts workers by it. */
  identity?: string;
  /**
   * Encrypts every payload and failure message (libs/payload-codec's `dataConverterFor(config)`); required, so
   * that no worker of crs-export runs without it. A prebuilt bundle must come from bundleExportWorkflows, which
   * builds the same failure converter into the workflow sandbox.
   */
  dataConverter: DataConverter;
  /** The Tencent API generation the worker speaks: an adapter of the backend port. */
  backend: CrsBackend;
  /** A prebuilt bundle (code or path); omitted: bundled from source now (slow: seconds of CPU). */
  workflowBundle?: WorkflowBundleOption;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Workflows kept in memory between tasks; omitted: the SDK's default, sized from the V8 heap limit. */
  maxCachedWorkflows?: number;
  /** How long running activities may finish after shutdown() before they are cancelled (ms). */
  shutdownGraceTimeMs?: number;
  /** How destinations are reached (archives, pruning); omitted: only file:// and S3 by the SDK's defaults. */
  openArchiveStore?: OpenArchiveStore;
  /** How files are archived (part size, check attempts, which URL); omitted: the library's defaults. */
  archive?: Omit<ArchiveActivityDeps, 'backend' | 'openStore' | 'productVersion'>;
  /** The webhook endpoints notifications go to (by name); omitted: none configured. */
  notifications?: NotificationActivityDeps;
  /** Temporal's worker versioning: this worker's deployment version; omitted or null: unversioned. */
  deployment?: WorkerDeployment | null;
  /** Clock of the activities (URL expiry); tests pass a fixed one. */
  now?: () => Date;
  activityLogger?: Logger;
}

/** Longer than one activity attempt may take (25 s calls, 15 s polls), so a graceful stop lets attempts finish. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

export interface WorkerDeployment {
  deploymentName: string;
  buildId: string;
  /** auto-upgrade: running executions move to the current version; pinned: they stay on their build. */
  behavior: 'auto-upgrade' | 'pinned';
}

function deploymentOptions(deployment: WorkerDeployment | null | undefined) {
  if (!deployment) return {};
  return {
    workerDeploymentOptions: {
      version: { deploymentName: deployment.deploymentName, buildId: deployment.buildId },
      useWorkerVersioning: true as const,
      defaultVersioningBehavior: deployment.behavior === 'pinned' ? ('PINNED' as const) : ('AUTO_UPGRADE' as const),
    },
  };
}

export async function createExportWorker(options: ExportWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    ...(options.identity ? { identity: options.identity } : {}),
    dataConverter: options.dataConverter,
    ...workflowSource(options.workflowBundle),
    activities: {
      ...createExportActivities({
        backend: options.backend,
        ...(options.now ? { now: options.now } : {}),
        ...(options.activityLogger ? { logger: options.activityLogger } : {}),
      }),
      ...createNotificationActivities(options.notifications ?? { endpoints: new WebhookEndpoints([]) }),
      ...createArchiveActivities({
        ...options.archive,
        backend: options.backend,
        openStore: openStore(options),
        productVersion: PRODUCT_VERSION,
      }),
      ...createRetentionActivities({ openStore: openStore(options) }),
    },
    ...definedOnly({
      maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
      maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions,
      maxCachedWorkflows: options.maxCachedWorkflows,
    }),
    shutdownGraceTime: options.shutdownGraceTimeMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    // Transfers heartbeat their progress every 5 s; the API reads it from there (not only every 24 s).
    maxHeartbeatThrottleInterval: '5 seconds',
    ...deploymentOptions(options.deployment),
  });
}

function openStore(options: ExportWorkerOptions): OpenArchiveStore {
  return options.openArchiveStore ?? ((destination) => openArchiveStore(destination));
}

function workflowSource(bundle: WorkflowBundleOption | undefined) {
  if (bundle) return { workflowBundle: bundle };
  return { workflowsPath: EXPORT_WORKFLOWS_PATH, bundlerOptions: { webpackConfigHook: resolveWorkspaceAliases } };
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
