export * from './app-config';
export * from './demo-credentials';
export * from './secret';
export * from './temporal-connection';
export { TENCENT_RATE_LIMITS } from './env-fields';
