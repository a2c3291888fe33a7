// Starts the API in-process for a test file: real Temporal client, a config from a test environment,
// logs captured in memory so tests can check what was (not) logged.
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type AppConfig } from '@crs-export/config';
import { createApiLogger } from '../../src/core/api-logger';
import { createApiApp } from '../../src/create-api-app';

export const TEST_API_KEY = 'test-key-0123456789abcdef';
export const OTHER_API_KEY = 'other-key-0123456789abcdef';
export const auth = { Authorization: `Bearer ${TEST_API_KEY}` };

export interface ApiTestApp {
  app: NestExpressApplication;
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  config: AppConfig;
  client: Client;
  logLines: string[];
  close(): Promise<void>;
}

export async function startApiTestApp(env: Record<string, string>, temporalClient?: Client): Promise<ApiTestApp> {
  const config = loadConfig({ API_KEYS: `${TEST_API_KEY},${OTHER_API_KEY}`, API_PORT: '0', LOG_LEVEL: 'info', ...env });
  const client =
    temporalClient ??
    new Client({
      connection: await Connection.connect({ address: config.temporal.address ?? '' }),
      namespace: config.temporal.namespace,
    });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApiApp({ config, temporalClient: client, logger: createApiLogger('info', sink) });
  return {
    app,
    server: app.getHttpServer(),
    config,
    client,
    logLines,
    close: async () => {
      await app.close();
      await client.connection.close();
    },
  };
}
