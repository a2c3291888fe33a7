// Public surface of the workflows project: the client contract (names, signal, query) and the workflow.
export * from './export-definitions';
export * from './workflows';
export { EXPORT_TASK_TIMED_OUT } from './export-failure';
export { callActivityOptions, pollActivityOptions, resolvePollingPolicy } from './activity-options';
export * from './batch-definitions';
export { CHILDREN_PER_RUN, type BatchWorkflowInput } from './batch-workflow';
export * from './notification-definitions';
export { WORKFLOW_HISTORY_VERSION } from './history-version';
