// Ports of the stack: 0 asks the kernel for a free one; a fixed port is checked before anything starts.
import { createServer } from 'node:net';
import { freePort } from '@crs-export/dev-temporal';

/** The port to use: the given one, or a free one when 0. */
export async function allocatePort(port: number): Promise<number> {
  return port === 0 ? freePort() : port;
}

/** True when nothing listens on 127.0.0.1:port (a bind succeeds). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export class PortInUseError extends Error {
  constructor(readonly conflicts: { what: string; port: number; variable: string }[]) {
    super(
      conflicts
        .map(
          ({ what, port, variable }) =>
            `port ${port} (${what}) is already in use: stop what holds it or set ${variable}`,
        )
        .join('\n'),
    );
    this.name = 'PortInUseError';
  }
}
