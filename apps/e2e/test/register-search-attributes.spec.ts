// deploy/temporal/register-search-attributes.sh (the compose setup job) with the real temporal CLI, run twice.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrBuildTemporalCli, temporalReadyProbe } from '@crs-export/dev-temporal';
import { freePort, ServiceProcess, waitUntilReady } from '@crs-export/process-supervisor';
import { testTemporalCli } from '@crs-export/testing';

const SCRIPT = join(__dirname, '..', '..', '..', 'deploy', 'temporal', 'register-search-attributes.sh');
const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

let cli = '';
let address = '';
let server: ServiceProcess | null = null;

beforeAll(async () => {
  cli = testTemporalCli() ?? (await findOrBuildTemporalCli())?.path ?? '';
  if (!cli) throw new Error('no temporal CLI: run tools/provision-temporal.ts first');
  const port = await freePort();
  address = `127.0.0.1:${port}`;
  // Deliberately without --search-attribute: the script has to register them.
  server = new ServiceProcess({
    name: 'temporal',
    command: cli,
    args: ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'],
    cwd: process.cwd(),
    env: process.env,
    logFile: null,
  });
  server.start();
  await waitUntilReady(
    {
      description: `Temporal at ${address}`,
      check: async () => (await Connection.connect({ address })).close().then(() => true),
    },
    { service: 'temporal', timeoutMs: 60_000, process: server },
  );
});

afterAll(async () => {
  await server?.stop(10_000);
});

function runScript(namespace: string): { status: number | null; output: string } {
  const result = spawnSync('sh', [SCRIPT], {
    env: {
      ...process.env,
      TEMPORAL_CLI: cli,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      WAIT_SECONDS: '30',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function customAttributes(namespace: string): Promise<Record<string, number>> {
  const connection = await Connection.connect({ address });
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.fromEntries(
      Object.entries(listed.customAttributes ?? {}).map(([name, type]) => [name, Number(type)]),
    );
  } finally {
    await connection.close();
  }
}

describe('register-search-attributes.sh', () => {
  it('registers RedisId, BackupId, ExportState, BatchId and BatchState as Keyword on a server that has none', async () => {
    expect(await customAttributes('default')).not.toHaveProperty('RedisId');
    const first = runScript('default');
    expect(first.status, first.output).toBe(0);
    expect(await customAttributes('default')).toMatchObject({
      RedisId: KEYWORD,
      BackupId: KEYWORD,
      ExportState: KEYWORD,
      BatchId: KEYWORD,
      BatchState: KEYWORD,
    });
  });

  it('is a no-op the second time', () => {
    const second = runScript('default');
    expect(second.status, second.output).toBe(0);
    expect(second.output).not.toContain('creating');
    expect(second.output.match(/is already a Keyword/g)).toHaveLength(5);
  });

  it('creates a missing namespace before registering on it, and the stack probe accepts the result', async () => {
    const result = runScript('exports-e2e');
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('creating namespace exports-e2e');
    expect(await temporalReadyProbe({ address, namespace: 'exports-e2e' }).check()).toBe(true);
  });

  it('refuses a namespace where one of the names has another type', async () => {
    const clash = spawn(cli, ['operator', 'namespace', 'create', '--namespace', 'clash', '--address', address]);
    await new Promise((resolve) => clash.once('close', resolve));
    const create = spawnSync(cli, [
      'operator',
      'search-attribute',
      'create',
      '--namespace',
      'clash',
      '--name',
      'ExportState',
      '--type',
      'Text',
      '--address',
      address,
    ]);
    expect(create.status).toBe(0);
    const result = runScript('clash');
    expect(result.status).toBe(1);
    expect(result.output).toContain('ExportState exists with type TEXT, not Keyword');
  });
});
