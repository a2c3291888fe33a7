// The topology with server-only TLS: no client certificate needed, plaintext refused, and a warm start keeps the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startTemporalCluster, type TemporalCluster } from '../src';
import {
  buildProgressLog,
  describeNamespaceWith,
  eventually,
  listWorkflowIds,
  startProbeWorkflow,
  tlsHandshake,
} from './cluster-clients';

const dataDir = mkdtempSync(join(tmpdir(), 'temporal-cluster-tls-'));
const running: TemporalCluster[] = [];

async function start(): Promise<TemporalCluster> {
  const cluster = await startTemporalCluster({ dataDir, tls: 'tls', log: buildProgressLog });
  running.push(cluster);
  return cluster;
}

afterAll(async () => {
  for (const cluster of running) await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('a Temporal cluster with server TLS', () => {
  let first: TemporalCluster;
  let workflowId = '';
  const redisId = `crs-tls-${Date.now().toString(36)}`;

  it('serves a client that trusts its CA and presents no certificate', async () => {
    first = await start();
    expect(first.startup.cold).toBe(true);
    expect(first.tls).toMatchObject({ mode: 'tls' });
    expect(first.tls?.clientCertPem).toBeUndefined();
    const options = first.connectionOptions();
    expect(options.tls?.clientCertPair).toBeUndefined();
    const trust = { ca: first.tls?.caPem ?? '', servername: first.tls?.serverName ?? '' };
    expect(await tlsHandshake(first.ports.frontend, trust)).toBeNull();
    // The certificate names the server for clients that connect by IP or localhost too.
    expect(await tlsHandshake(first.ports.frontend, { ...trust, servername: 'localhost' })).toBeNull();
    expect(await tlsHandshake(first.ports.frontend, { ...trust, servername: 'elsewhere.example' })).toBe(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );

    const connection = await Connection.connect(options);
    try {
      const client = new Client({ connection, namespace: first.namespace });
      workflowId = (await startProbeWorkflow(client, { redisId, exportState: 'FAILED' })).workflowId;
      const listed = await eventually('the workflow is listed by RedisId', async () => {
        const ids = await listWorkflowIds(client, `RedisId = '${redisId}' AND ExportState = 'FAILED'`);
        return ids.length > 0 ? ids : null;
      });
      expect(listed).toEqual([workflowId]);
    } finally {
      await connection.close();
    }
  }, 900_000);

  it('refuses a plaintext client', async () => {
    await expect(describeNamespaceWith({ address: first.address }, first.namespace)).rejects.toThrow();
    await expect(describeNamespaceWith(first.connectionOptions(), first.namespace)).resolves.toBe('default');
  });

  it('starts warm on the same data directory, with the same address, certificates and workflows', async () => {
    const { address } = first;
    const caPem = first.tls?.caPem;
    await first.stop();
    const second = await start();
    expect(second.startup.cold).toBe(false);
    expect(second.address).toBe(address);
    expect(second.tls?.caPem).toBe(caPem);
    const connection = await Connection.connect(second.connectionOptions());
    try {
      const client = new Client({ connection, namespace: second.namespace });
      expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
      expect(await listWorkflowIds(client, `RedisId = '${redisId}'`)).toEqual([workflowId]);
    } finally {
      await connection.close();
    }
  }, 300_000);
});
