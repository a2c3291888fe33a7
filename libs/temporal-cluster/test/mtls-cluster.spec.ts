// The topology under mutual TLS: who may connect, visibility on PostgreSQL, a history crash, a database restart, a clean stop.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, temporalConnectionOptions } from '@crs-export/config';
import { processGroupAlive } from '@crs-export/process-supervisor';
import { TEST_CODEC_ENV } from '@crs-export/testing';
import {
  createCertificateAuthority,
  issueCertificate,
  processFamily,
  startTemporalCluster,
  type TemporalCluster,
} from '../src';
import {
  buildProgressLog,
  describeNamespaceWith,
  eventually,
  listWorkflowIds,
  startProbeWorkflow,
  tlsHandshake,
  type StartedProbe,
} from './cluster-clients';

const dataDir = mkdtempSync(join(tmpdir(), 'temporal-cluster-mtls-'));
let cluster: TemporalCluster;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  cluster = await startTemporalCluster({ dataDir, tls: 'mtls', log: buildProgressLog });
  connection = await Connection.connect(cluster.connectionOptions());
  client = new Client({ connection, namespace: cluster.namespace });
}, 900_000);

afterAll(async () => {
  await connection?.close().catch(() => undefined);
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('a Temporal cluster with mutual TLS', () => {
  it('serves a client that presents the client certificate: namespace, typed search attributes, visibility queries', async () => {
    expect(cluster.tls).toMatchObject({ mode: 'mtls', serverName: 'temporal.crs-export.test' });
    const described = await connection.workflowService.describeNamespace({ namespace: cluster.namespace });
    expect(described.namespaceInfo?.name).toBe('default');

    const redisId = `crs-${Date.now().toString(36)}`;
    const failed = await startProbeWorkflow(client, { redisId, exportState: 'FAILED' });
    await startProbeWorkflow(client, { redisId, exportState: 'RUNNING' });
    const query = `RedisId = '${redisId}' AND ExportState = 'FAILED'`;
    const listed = await eventually('the FAILED export is listed', async () => {
      const ids = await listWorkflowIds(client, query);
      return ids.length > 0 ? ids : null;
    });
    expect(listed).toEqual([failed.workflowId]);
    expect(await listWorkflowIds(client, `RedisId = '${redisId}'`)).toHaveLength(2);
  });

  it('serves the worker-side NativeConnection with the same options', async () => {
    const native = await NativeConnection.connect(cluster.connectionOptions());
    try {
      const described = await native.workflowService.describeNamespace({ namespace: cluster.namespace });
      expect(described.namespaceInfo?.name).toBe('default');
    } finally {
      await native.close();
    }
  });

  it('refuses a client without a client certificate', async () => {
    const { address, tls } = cluster.connectionOptions();
    const withoutCertificate = { address, tls: { ...tls, clientCertPair: undefined } };
    await expect(describeNamespaceWith(withoutCertificate, cluster.namespace)).rejects.toThrow(/Failed to connect/);
    // Why: the frontend ends the handshake with TLS 1.3's certificate_required alert.
    const trust = { ca: cluster.tls?.caPem ?? '', servername: cluster.tls?.serverName ?? '' };
    expect(await tlsHandshake(cluster.ports.frontend, trust)).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(
      await tlsHandshake(cluster.ports.frontend, {
        ...trust,
        cert: cluster.tls?.clientCertPem ?? '',
        key: cluster.tls?.clientKeyPem ?? '',
      }),
    ).toBeNull();
  });

  it('refuses a client certificate issued by another CA', async () => {
    const dir = join(dataDir, 'foreign-client');
    const foreignCa = await createCertificateAuthority({ dir, name: 'foreign-ca', commonName: 'foreign CA' });
    const foreign = await issueCertificate({
      ca: foreignCa,
      dir,
      name: 'foreign-client',
      commonName: 'intruder',
      usage: 'client',
    });
    const { address, tls } = cluster.connectionOptions();
    const options = {
      address,
      tls: { ...tls, clientCertPair: { crt: readFileSync(foreign.certFile), key: readFileSync(foreign.keyFile) } },
    };
    await expect(describeNamespaceWith(options, cluster.namespace)).rejects.toThrow(/Failed to connect/);
    // Why: the frontend does not know the CA that issued it.
    const handshake = await tlsHandshake(cluster.ports.frontend, {
      ca: cluster.tls?.caPem ?? '',
      servername: cluster.tls?.serverName ?? '',
      cert: readFileSync(foreign.certFile),
      key: readFileSync(foreign.keyFile),
    });
    expect(handshake).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
  });

  it('is refused by a client that trusts another CA', async () => {
    const otherCa = await createCertificateAuthority({
      dir: join(dataDir, 'other-ca'),
      name: 'other-ca',
      commonName: 'some other CA',
    });
    const { address, tls } = cluster.connectionOptions();
    const options = { address, tls: { ...tls, serverRootCACertificate: readFileSync(otherCa.certFile) } };
    await expect(describeNamespaceWith(options, cluster.namespace)).rejects.toThrow(/Failed to connect/);
    // Why: the client cannot verify the frontend's certificate.
    const handshake = await tlsHandshake(cluster.ports.frontend, {
      ca: readFileSync(otherCa.certFile),
      servername: cluster.tls?.serverName ?? '',
      cert: cluster.tls?.clientCertPem ?? '',
      key: cluster.tls?.clientKeyPem ?? '',
    });
    expect(handshake).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // The same client trusting the cluster's CA is served: the CA made the difference.
    await expect(describeNamespaceWith(cluster.connectionOptions(), cluster.namespace)).resolves.toBe('default');
  });

  it('serves the API and the worker as their configuration connects (TEMPORAL_TLS_*), and refuses them with another CA', async () => {
    const tls = cluster.tls;
    if (!tls?.clientCertFile || !tls.clientKeyFile) throw new Error('no client certificate');
    const env = {
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_TLS: 'on',
      TEMPORAL_TLS_CA: tls.caFile,
      TEMPORAL_TLS_CERT: tls.clientCertFile,
      TEMPORAL_TLS_KEY: tls.clientKeyFile,
      TEMPORAL_TLS_SERVER_NAME: tls.serverName,
      ...TEST_CODEC_ENV,
    };
    // The same settings function the API (Connection) and the worker (NativeConnection) connect with.
    const { address, ...options } = temporalConnectionOptions(loadConfig(env));
    const api = await Connection.connect({ address: address ?? '', ...options });
    try {
      const answer = await api.workflowService.describeNamespace({ namespace: cluster.namespace });
      expect(answer.namespaceInfo?.name).toBe(cluster.namespace);
    } finally {
      await api.close();
    }
    const worker = await NativeConnection.connect({ address: address ?? '', ...options });
    await worker.close();
    const otherCa = await createCertificateAuthority({
      dir: join(dataDir, 'config-other-ca'),
      name: 'config-other-ca',
      commonName: 'another CA',
    });
    const wrong = temporalConnectionOptions(loadConfig({ ...env, TEMPORAL_TLS_CA: otherCa.certFile }));
    await expect(
      Connection.connect({ ...wrong, address: wrong.address ?? '', connectTimeout: 5_000 }).then(async (connection) => {
        try {
          await connection.workflowService.describeNamespace({ namespace: cluster.namespace });
        } finally {
          await connection.close();
        }
      }),
    ).rejects.toThrow();
    await expect(NativeConnection.connect({ ...wrong, address: wrong.address ?? '' })).rejects.toThrow();
  });

  it('keeps the internal ports to the Temporal processes: an application certificate opens no history port', async () => {
    const internodeCa = readFileSync(join(dataDir, 'tls', 'internode-ca.pem'));
    const servername = `internode.${cluster.tls?.serverName ?? ''}`;
    const application = { cert: cluster.tls?.clientCertPem ?? '', key: cluster.tls?.clientKeyPem ?? '' };
    for (const port of [cluster.ports.history, cluster.ports.matching]) {
      expect(await tlsHandshake(port, { ca: internodeCa, servername })).toBe(
        'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      );
      expect(await tlsHandshake(port, { ca: internodeCa, servername, ...application })).toBe(
        'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
      );
    }
    // The processes' own certificate is accepted there: internode traffic is mutual TLS, not closed.
    const internode = {
      cert: readFileSync(join(dataDir, 'tls', 'internode.pem')),
      key: readFileSync(join(dataDir, 'tls', 'internode-key.pem')),
    };
    expect(await tlsHandshake(cluster.ports.history, { ca: internodeCa, servername, ...internode })).toBeNull();
  });

  it('serves starts again once the history process, SIGKILLed while starts are issued, is started again', async () => {
    const redisId = `crs-history-${Date.now().toString(36)}`;
    const started: StartedProbe[] = [];
    let phase = 'before' as 'before' | 'down' | 'after';
    const startedAfter: StartedProbe[] = [];
    let issuing = true;
    const issuer = (async () => {
      while (issuing) {
        const issuedIn = phase;
        try {
          const probe = await startProbeWorkflow(client, { redisId, exportState: 'RUNNING' }, 10_000);
          started.push(probe);
          if (issuedIn === 'after') startedAfter.push(probe);
        } catch {
          // A start while history is down fails or times out; what matters is what happens after.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      await eventually('starts succeed before the crash', async () => (started.length >= 3 ? true : null));
      const historyPid = cluster.processes.history?.pid;
      phase = 'down';
      const exit = await cluster.kill('history');
      expect(exit.signal).toBe('SIGKILL');
      // Starts keep being issued while history is gone.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await cluster.start('history');
      phase = 'after';
      expect(cluster.processes.history?.pid).not.toBe(historyPid);
      await expect(describeNamespaceWith(cluster.connectionOptions(), cluster.namespace)).resolves.toBe('default');
      await eventually('starts succeed after the restart', async () => (startedAfter.length >= 3 ? true : null));
    } finally {
      issuing = false;
      await issuer;
    }
    // Every start the client saw succeed, before and after the crash, is a running workflow.
    for (const probe of started) {
      const description = await client.workflow.getHandle(probe.workflowId, probe.runId).describe();
      expect(description.status.name).toBe('RUNNING');
    }
  });

  it('recovers from a PostgreSQL restart without restarting the Temporal processes', async () => {
    const before = await startProbeWorkflow(client, { redisId: 'crs-before-restart', exportState: 'RUNNING' });
    const serverPids = [cluster.processes.history?.pid, cluster.processes.frontend?.pid];

    const exit = await cluster.stopProcess('postgres');
    expect(exit).toMatchObject({ code: 0, escalated: false });
    // The outage is real: nothing can be started while the database is down.
    await expect(
      startProbeWorkflow(client, { redisId: 'crs-during-restart', exportState: 'RUNNING' }, 5_000),
    ).rejects.toThrow();

    await cluster.start('postgres');
    expect([cluster.processes.history?.pid, cluster.processes.frontend?.pid]).toEqual(serverPids);
    await expect(describeNamespaceWith(cluster.connectionOptions(), cluster.namespace)).resolves.toBe('default');
    const after = await eventually('a start succeeds after the restart', () =>
      startProbeWorkflow(client, { redisId: 'crs-after-restart', exportState: 'RUNNING' }, 10_000),
    );
    expect((await client.workflow.getHandle(after.workflowId).describe()).status.name).toBe('RUNNING');
    expect((await client.workflow.getHandle(before.workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('leaves no process behind when stopped', async () => {
    const leaders = Object.values(cluster.processes).map((service) => service.pid ?? 0);
    expect(leaders.length).toBeGreaterThanOrEqual(3);
    // PostgreSQL's backends live in process groups of their own: the whole family is checked.
    const family = leaders.flatMap((pid) => processFamily(pid));
    expect(family.length).toBeGreaterThan(leaders.length);
    await connection.close();
    await cluster.stop();
    for (const pid of leaders) expect(processGroupAlive(pid), `process group ${pid}`).toBe(false);
    for (const pid of family) expect(pidAlive(pid), `process ${pid}`).toBe(false);
  });
});
