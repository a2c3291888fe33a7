// The raw side of the start benchmark, in a process of its own behind the same kind of boundary as the API: a
// bare node:http server whose POST /exports reads the JSON body and calls the SDK's client.workflow.start with
// the options (and the payload codec) the API's ExportClient uses, then answers 201 with the new export's status.
// No framework, no key check, no validation, no logging: what is left of the API's work is the floor it is
// compared against.
// Run: node tools/run-ts.cjs bench/src/raw-start-server.ts '{"address":"127.0.0.1:7233","namespace":"default","taskQueue":"q"}'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_POLLING_POLICY, initialExportStatus, type ExportInput } from '@crs-export/contracts';
import { exportStartOf, exportStartOptions } from '@crs-export/export-client';
import { dataConverterFor } from '@crs-export/payload-codec';
import { EXPORT_WORKFLOW_TYPE } from './workflow-runs';

interface RawServerArgs {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The stack's payload codec keys file, so that the raw side encrypts as the API does. */
  codecKeysFile: string | null;
}

const BODY_LIMIT_BYTES = 16 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function startExport(client: Client, taskQueue: string, body: string): Promise<unknown> {
  const parsed = JSON.parse(body) as { redisId: string; backupId: string; region?: string };
  const input: ExportInput = {
    redisId: parsed.redisId,
    backupId: parsed.backupId,
    region: parsed.region ?? 'gz',
    polling: DEFAULT_POLLING_POLICY,
  };
  const start = exportStartOf({ input, callerId: 'raw' });
  await client.workflow.start(EXPORT_WORKFLOW_TYPE, exportStartOptions(input, start, taskQueue));
  const { redisId, backupId, region } = input;
  const status = initialExportStatus({ redisId, backupId, region, exportId: start.exportId }, new Date().toISOString());
  return { ...status, links: { self: `/exports/${encodeURIComponent(start.exportId)}` } };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as RawServerArgs;
  const connection = await Connection.connect({ address: args.address });
  const client = new Client({
    connection,
    namespace: args.namespace,
    dataConverter: await dataConverterFor({ codec: { keysFile: args.codecKeysFile, keys: null } }),
  });
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/exports') return send(res, 404, { error: 'not found' });
    readBody(req)
      .then((body) => startExport(client, args.taskQueue, body))
      .then(
        (resource) => send(res, 201, resource, { location: (resource as { links: { self: string } }).links.self }),
        (error: unknown) => send(res, 500, { error: error instanceof Error ? error.message : String(error) }),
      );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    void connection.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`raw start server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
