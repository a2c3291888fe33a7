// Starts the API in-process for a test file: real Temporal client, a config from a test environment,
// logs captured in memory so tests can check what was (not) logged.
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type AppConfig } from '@crs-export/config';
import { dataConverterFor } from '@crs-export/payload-codec';
import { TEST_CODEC_ENV, testApiKeyToken, writeTestApiKeys } from '@crs-export/testing';
import { createApiLogger } from '../../src/core/api-logger';
import { createApiApp } from '../../src/create-api-app';

/** Two keys with every scope, in a keys file of each app's own. */
export const TEST_API_KEY = testApiKeyToken('api-test-key');
export const OTHER_API_KEY = testApiKeyToken('api-other-key');
export const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
/** A key with scopes read and export only: it sees exports but never their download URLs. */
export const NO_URLS_API_KEY = testApiKeyToken('api-no-urls-key');

export interface ApiTestApp {
  app: NestExpressApplication;
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  config: AppConfig;
  client: Client;
  logLines: string[];
  close(): Promise<void>;
}

export async function startApiTestApp(env: Record<string, string>, temporalClient?: Client): Promise<ApiTestApp> {
  const keys = await writeTestApiKeys([
    { token: TEST_API_KEY },
    { token: OTHER_API_KEY },
    { token: NO_URLS_API_KEY, scopes: ['read', 'export'] },
  ]);
  const config = loadConfig({
    ...keys.env,
    API_PORT: '0',
    LOG_LEVEL: 'info',
    ...TEST_CODEC_ENV,
    ...env,
  });
  const client =
    temporalClient ??
    new Client({
      connection: await Connection.connect({ address: config.temporal.address ?? '' }),
      namespace: config.temporal.namespace,
      dataConverter: await dataConverterFor(config),
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
