// The workflow bundle's entry point: every function exported here is registered as a workflow type.
export { exportRedisBackup } from './export-workflow';
export { exportBatch } from './batch-workflow';
export { deliverNotification } from './notification-workflow';
