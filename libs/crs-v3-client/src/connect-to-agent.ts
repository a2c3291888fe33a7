// Agents for the SDK's requests: keep-alive sockets, and, with `connectTo`, every socket connected to another
// address than the URL's host. The SDK then signs and sends exactly what Tencent would get (Host
// redis.tencentcloudapi.com, credential scope service `redis`) while the bytes go to, e.g., the simulator.
import { Agent as HttpAgent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { createConnection, type TcpNetConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export interface ConnectTarget {
  host: string;
  port: number;
}

/** `127.0.0.1:8090`, `localhost:8090` or `[::1]:8090`. */
export function parseConnectTo(text: string): ConnectTarget {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port >= 1 && port <= 65_535)) {
    throw new TypeError(`connectTo must be host:port (e.g. 127.0.0.1:8090), got ${JSON.stringify(text)}`);
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

/** Connection options without what would make net.connect open an IPC socket instead of TCP. */
function tcpOptions(options: ClientRequestArgs): Omit<ClientRequestArgs, 'path' | 'socketPath'> {
  const { path: _path, socketPath: _socketPath, ...rest } = options;
  return rest;
}

/** Plain HTTP: every socket goes to `target`; the request (Host header, URL) still names the original host. */
export class ConnectToHttpAgent extends HttpAgent {
  constructor(
    private readonly target: ConnectTarget,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs): Duplex {
    const tcp = { ...tcpOptions(options), host: this.target.host, port: this.target.port } as TcpNetConnectOpts;
    return createConnection(tcp);
  }
}

/**
 * TLS: every socket goes to `target`, with SNI and certificate checks for the original host (the agent sets
 * `servername` from the request's host), so a TLS endpoint that serves Tencent's name is verified as such.
 */
export class ConnectToHttpsAgent extends HttpsAgent {
  constructor(
    private readonly target: ConnectTarget,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: HttpsRequestOptions): Duplex {
    const tls = tcpOptions(options) as ConnectionOptions;
    const servername = tls.servername || (typeof options.host === 'string' ? options.host : undefined);
    return tlsConnect({ ...tls, host: this.target.host, port: this.target.port, servername });
  }
}

export interface AgentChoice {
  protocol: 'http://' | 'https://';
  connectTo: ConnectTarget | null;
  keepAlive: boolean;
  maxSockets: number;
}

/** The agent of one client: ours always, so that no environment proxy silently changes where calls go. */
export function agentFor(choice: AgentChoice): HttpAgent {
  const options: AgentOptions = { keepAlive: choice.keepAlive, maxSockets: choice.maxSockets };
  if (choice.protocol === 'http://') {
    return choice.connectTo ? new ConnectToHttpAgent(choice.connectTo, options) : new HttpAgent(options);
  }
  return choice.connectTo ? new ConnectToHttpsAgent(choice.connectTo, options) : new HttpsAgent(options);
}
