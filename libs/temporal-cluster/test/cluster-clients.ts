// What the cluster tests do as clients: workflow starts that need no worker, visibility polling, refused connections.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:tls';
import { Connection, type Client, type ConnectionOptions } from '@temporalio/client';
import { ExportStateSearchAttribute, RedisIdSearchAttribute } from '@crs-export/contracts';

/** The cluster's progress without the setup jobs' lines: builds (minutes, once per machine) stay visible. */
export function buildProgressLog(line: string): void {
  if (!/^\[(setup-postgres-schema|register-search-attributes)\]/.test(line)) process.stderr.write(`${line}\n`);
}

/** A task queue nobody polls: the start is recorded (and indexed) without any worker. */
export const UNPOLLED_TASK_QUEUE = `temporal-cluster-test-${randomUUID()}`;

export interface StartedProbe {
  workflowId: string;
  runId: string;
}

/** Starts a workflow that never runs, with the RedisId and ExportState Keyword search attributes. */
export async function startProbeWorkflow(
  client: Client,
  attributes: { redisId: string; exportState: string },
  deadlineMs = 30_000,
): Promise<StartedProbe> {
  const workflowId = `temporal-cluster-probe-${randomUUID()}`;
  const handle = await client.connection.withDeadline(Date.now() + deadlineMs, () =>
    client.workflow.start('temporalClusterProbe', {
      taskQueue: UNPOLLED_TASK_QUEUE,
      workflowId,
      typedSearchAttributes: [
        { key: RedisIdSearchAttribute, value: attributes.redisId },
        { key: ExportStateSearchAttribute, value: attributes.exportState },
      ],
    }),
  );
  return { workflowId, runId: handle.firstExecutionRunId };
}

export async function listWorkflowIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

/** Retries until the check passes; the bound only keeps a broken cluster from hanging the suite. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not so after ${options.timeoutMs ?? 120_000} ms (last error: ${String(lastError)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}

/** Connects and describes the namespace; resolves to the namespace's name, or rejects with the connection's error. */
export async function describeNamespaceWith(options: ConnectionOptions, namespace: string): Promise<string> {
  const connection = await Connection.connect({ connectTimeout: 5_000, ...options });
  try {
    const described = await connection.withDeadline(Date.now() + 10_000, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
    return described.namespaceInfo?.name ?? '';
  } finally {
    await connection.close();
  }
}

export interface HandshakeOptions {
  ca: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  servername: string;
}

/**
 * A TLS connection to 127.0.0.1:port as gRPC makes it (ALPN h2, the HTTP/2 preface): null when the server
 * answers, else the TLS error code, which says who refused and why (the SDK only reports "Failed to connect").
 */
export function tlsHandshake(port: number, options: HandshakeOptions): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ALPNProtocols: ['h2'], ...options });
    const finish = (result: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish('no answer'), 5_000);
    socket.once('secureConnect', () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
    socket.once('data', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.once('close', () => finish('closed'));
  });
}
