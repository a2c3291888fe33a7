export * from './test-env';
export * from './start-test-stack';
