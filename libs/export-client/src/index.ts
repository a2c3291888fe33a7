export * from './export-client';
export * from './export-client-errors';
export * from './export-start-options';
export * from './export-visibility-query';
export * from './batch-client';
export * from './schedule-client';
export * from './notification-client';
export * from './export-successes';
export { withLiveArchiveBytes } from './live-archive-progress';
