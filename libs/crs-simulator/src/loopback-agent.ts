// An http.Agent whose every connection goes to the simulator, whatever host the URL names: with it,
// Tencent's SDK (or any client) calls `http://redis.tencentcloudapi.com/` and signs that host and service
// `redis` exactly as against Tencent, while the bytes go to 127.0.0.1:<port>.
import { Agent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { createConnection } from 'node:net';
import type { Duplex } from 'node:stream';

export class LoopbackAgent extends Agent {
  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
    options: AgentOptions = { keepAlive: true },
  ) {
    super(options);
  }

  /** Agent's documented hook for making a connection (the socket is returned at once, not by callback). */
  override createConnection(
    _options: ClientRequestArgs,
    _callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex {
    return createConnection({ host: this.host, port: this.port });
  }
}
