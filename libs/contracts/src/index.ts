// Pure types, constants and the failure model shared by every project, workflows included (no I/O here).
export * from './batch';
export * from './crs-api-error';
export * from './crs-backend';
export * from './export-failures';
export * from './export-ids';
export * from './export-listing';
export * from './export-state';
export * from './export-status';
export * from './export-target';
export * from './regions';
export * from './schedule';
export * from './search-attributes';
export * from './notification';
export * from './poll-schedule';
export * from './product';
export * from './tencent-error-codes';
