export type { ApiKeyCheck, ApiKeyRefusal } from './api-key-check';
export * from './api-key-scopes';
export * from './api-key-store';
export * from './api-key-token';
export * from './api-keys-document';
export * from './api-keys-errors';
export * from './api-keys-file';
export { pepperFileFor } from './api-key-pepper';
