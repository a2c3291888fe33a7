// The ports of the S3 test server, kept with its data dir so that a restart on it listens where it did before.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, portIsFree } from '@crs-export/process-supervisor';
import { SEAWEEDFS_PORT_NAMES, type SeaweedfsPorts } from './seaweedfs-command';

export class S3ServerPortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3ServerPortError';
  }
}

export function portsFile(dataDir: string): string {
  return join(dataDir, 'ports.json');
}

/**
 * The ports for a server on this data dir: those given, else those it used before, else free ones; then
 * recorded. The master's port is part of the state: SeaweedFS keeps the master's raft state in `m<port>`,
 * and a master on another port starts empty and, seeing volumes of another cluster, refuses to grow any
 * (every write to a new bucket then fails). So a master port other than the recorded one is refused.
 */
export async function portsForDataDir(dataDir: string, fixed: Partial<SeaweedfsPorts>): Promise<SeaweedfsPorts> {
  const recorded = readRecordedPorts(dataDir);
  if (recorded && fixed.master !== undefined && fixed.master !== recorded.master) {
    throw new S3ServerPortError(
      `${dataDir} belongs to a server whose master listened on port ${recorded.master}, not ${fixed.master}: ` +
        `SeaweedFS keeps the master's state under m${recorded.master}/`,
    );
  }
  const wanted: Partial<SeaweedfsPorts> = { ...recorded, ...fixed };
  for (const name of SEAWEEDFS_PORT_NAMES) {
    const port = wanted[name];
    if (port !== undefined && !(await portIsFree(port))) {
      throw new S3ServerPortError(
        `port ${port} (${name}) of the S3 server on ${dataDir} is in use: is a server already running on this data dir?`,
      );
    }
  }
  const ports = await withFreePorts(wanted);
  writeFileSync(portsFile(dataDir), `${JSON.stringify(ports, null, 2)}\n`, { mode: 0o600 });
  return ports;
}

function readRecordedPorts(dataDir: string): SeaweedfsPorts | null {
  if (!existsSync(portsFile(dataDir))) return null;
  const parsed = JSON.parse(readFileSync(portsFile(dataDir), 'utf8')) as Partial<Record<string, unknown>>;
  const ports: Partial<SeaweedfsPorts> = {};
  for (const name of SEAWEEDFS_PORT_NAMES) {
    const port = parsed[name];
    if (typeof port !== 'number' || !Number.isInteger(port)) {
      throw new S3ServerPortError(`${portsFile(dataDir)} has no valid "${name}" port`);
    }
    ports[name] = port;
  }
  return ports as SeaweedfsPorts;
}

/** The ports given, and distinct free ones for the rest. */
async function withFreePorts(given: Partial<SeaweedfsPorts>): Promise<SeaweedfsPorts> {
  const taken = new Set(Object.values(given));
  const ports: Partial<SeaweedfsPorts> = { ...given };
  for (const name of SEAWEEDFS_PORT_NAMES) {
    if (ports[name] !== undefined) continue;
    let port = await freePort();
    // The kernel may hand the same port out twice in a row, as nothing holds it in between.
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports as SeaweedfsPorts;
}
