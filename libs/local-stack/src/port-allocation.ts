// Ports of the stack: 0 asks the kernel for a free one; a fixed port is checked before anything starts.
import { freePort } from '@crs-export/process-supervisor';

/** The port to use: the given one, or a free one when 0. */
export async function allocatePort(port: number): Promise<number> {
  return port === 0 ? freePort() : port;
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
