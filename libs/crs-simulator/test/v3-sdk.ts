// Test helper: Tencent's own Node SDK (tencentcloud-sdk-nodejs 4.1.313) pointed at the simulator. Its
// connections go to 127.0.0.1:<port> whatever the URL names, so it signs host redis.tencentcloudapi.com
// and service redis exactly as it does against Tencent.
import { createServer, request, type Agent, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import * as tencentcloud from 'tencentcloud-sdk-nodejs';
import { LoopbackAgent } from '../src';

export const RedisClient = tencentcloud.redis.v20180412.Client;
export type RedisClient = InstanceType<typeof RedisClient>;
export const TENCENT_HOST = 'redis.tencentcloudapi.com';

export interface SdkOptions {
  secretId?: string;
  secretKey?: string;
  token?: string;
  reqMethod?: 'POST' | 'GET';
  region?: string;
  headers?: Record<string, string>;
}

const agents: Agent[] = [];

export function sdkClient(port: number, options: SdkOptions = {}): RedisClient {
  const agent = new LoopbackAgent(port);
  agents.push(agent);
  return new RedisClient({
    credential: {
      secretId: options.secretId ?? DEMO_SECRET_ID,
      secretKey: options.secretKey ?? DEMO_SECRET_KEY,
      ...(options.token ? { token: options.token } : {}),
    },
    region: options.region ?? 'ap-guangzhou',
    profile: {
      httpProfile: {
        endpoint: TENCENT_HOST,
        protocol: 'http://',
        reqMethod: options.reqMethod ?? 'POST',
        reqTimeout: 30,
        agent,
        ...(options.headers ? { headers: options.headers } : {}),
      },
    },
  });
}

export function closeAgents(): void {
  for (const agent of agents.splice(0)) agent.destroy();
}

export interface SdkError {
  code?: string;
  message: string;
  requestId: string;
  traceId: string;
  httpCode?: number;
}

/** The SDK's exception of a call that must fail. */
export async function sdkFailure(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What the SDK sends for a call, caught by a throwaway server (answering an empty success). */
export async function captureRequest(
  run: (client: RedisClient) => Promise<unknown>,
  options: SdkOptions = {},
): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"Response":{"RequestId":"captured"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ownAgents = agents.length;
  try {
    await run(sdkClient((server.address() as AddressInfo).port, options));
  } finally {
    for (const agent of agents.splice(ownAgents)) agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  if (!captured) throw new Error('the SDK sent nothing');
  return captured;
}

/** Sends a captured request (optionally with another body or headers) to the simulator, byte for byte. */
export function replay(
  port: number,
  captured: CapturedRequest,
  changes: { body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  const body = changes.body ?? captured.body;
  return new Promise((resolve, reject) => {
    const headers = { ...captured.headers, ...changes.headers, 'content-length': String(body.length) };
    const req = request({ host: '127.0.0.1', port, method: captured.method, path: captured.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>));
    });
    req.on('error', reject);
    req.end(body);
  });
}
