// One RDB file loaded by a throwaway redis-server: its keyspace (keys and expires per database) or its key
// names, then the server is stopped. What "the archived file loads into redis-server" is checked with.
import { RedisServer, type DatabaseKeyspace } from './redis-server';

async function withLoaded<T>(file: string, use: (server: RedisServer) => Promise<T>): Promise<T> {
  const server = await RedisServer.start(file);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** INFO keyspace of a redis-server that loaded the file: keys and expires per database number. */
export function loadedKeyspace(file: string): Promise<Record<string, DatabaseKeyspace>> {
  return withLoaded(file, (server) => server.keyspace());
}

/** The key names of database 0 of a redis-server that loaded the file. */
export function loadedKeys(file: string): Promise<string[]> {
  return withLoaded(file, async (server) => (await server.keys()).map((key) => key.toString('utf8')));
}
