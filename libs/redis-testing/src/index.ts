// Redis's own tools for tests: Debian's redis-check-rdb and redis-server (installed by the project's script when
// missing, never skipped), a throwaway redis-server that loads one RDB file, and a minimal RESP client.
export * from './redis-tools';
export { RedisServer, type DatabaseKeyspace } from './redis-server';
export { RespClient, RespError } from './resp-client';
export { loadedKeys, loadedKeyspace } from './loaded-file';
