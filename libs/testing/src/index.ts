export * from './test-env';
export * from './start-test-stack';
export * from './test-codec';
export * from './test-api-keys';
