// The API's own Temporal client encrypts what it sends (the export's input) with the configured codec keys, and
// the API refuses to start without a key. A real Temporal dev server; no worker.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@crs-export/config';
import { CodecKeysMissingError } from '@crs-export/payload-codec';
import { TEST_CODEC_ENV, TEST_CODEC_KEY_ID, testTemporalAddress, writeTestApiKeys } from '@crs-export/testing';
import { createApiLogger } from '../src/core/api-logger';
import { createApiApp } from '../src/create-api-app';
import { auth, TEST_API_KEY } from './support/api-test-app';

const silent = () =>
  createApiLogger(
    'error',
    new Writable({
      write: (_chunk, _encoding, done) => done(),
    }),
  );
let keysEnv: Record<string, string> = {};
const baseEnv = () => ({
  ...keysEnv,
  API_PORT: '0',
  TEMPORAL_ADDRESS: testTemporalAddress(),
  TEMPORAL_TASK_QUEUE: `api-codec-${randomUUID()}`,
});

let connection: Connection;
let plain: Client;

beforeAll(async () => {
  keysEnv = { ...(await writeTestApiKeys([{ token: TEST_API_KEY }])).env };
  connection = await Connection.connect({ address: testTemporalAddress() });
  // A client without the codec: it sees what Temporal stores.
  plain = new Client({ connection });
});
afterAll(async () => connection?.close());

describe('the API and the payload codec', () => {
  it('refuses to start without a codec key, naming CODEC_KEYS_FILE and CODEC_KEYS', async () => {
    const config = loadConfig(baseEnv());
    const failure = await createApiApp({ config, logger: silent() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CodecKeysMissingError);
    expect((failure as Error).message).toMatch(/set CODEC_KEYS_FILE .* or CODEC_KEYS/);
  });

  it('starts exports whose input Temporal stores encrypted under the active key', async () => {
    const app = await createApiApp({ config: loadConfig({ ...baseEnv(), ...TEST_CODEC_ENV }), logger: silent() });
    const backupId = randomUUID();
    try {
      const started = await request(app.getHttpServer())
        .post('/exports')
        .set(auth)
        .send({ redisId: 'crs-codec001', backupId });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const handle = plain.workflow.getHandle(started.body.exportId as string);
      const history = await handle.fetchHistory();
      const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      expect(input).toHaveLength(1);
      const metadata = input[0]?.metadata ?? {};
      expect(Buffer.from(metadata['encoding'] ?? []).toString()).toBe('binary/encrypted');
      expect(Buffer.from(metadata['encryption-key-id'] ?? []).toString()).toBe(TEST_CODEC_KEY_ID);
      expect(Buffer.from(input[0]?.data ?? []).includes(backupId)).toBe(false);
      await handle.terminate('test over');
    } finally {
      await app.close();
    }
  });
});
