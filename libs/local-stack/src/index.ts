// Process supervision for the local stack: `npm start`, the reliability suite and the benchmarks use it.
export * from './api-key';
export * from './codec-secrets';
export * from './log-lines';
export * from './leftover-cleanup';
export * from './port-allocation';
export * from './simulator-admin-token';
export * from './stack-banner';
export * from './stack';
export * from './stack-plan';
export * from './stack-supervisor';
export * from './temporal-service';
export * from './workflow-bundle-file';
