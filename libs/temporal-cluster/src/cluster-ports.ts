// The topology's ports on 127.0.0.1: one per listener, distinct, kept for a warm start on the same data directory.
import { randomInt } from 'node:crypto';
import { portIsFree } from '@crs-export/process-supervisor';

export interface ClusterPorts {
  postgres: number;
  /** The frontend's gRPC port: the cluster's address. */
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  /** Prometheus metrics of each server process (one listener per process). */
  frontendMetrics: number;
  historyMetrics: number;
  ui: number;
}

export const CLUSTER_PORT_NAMES: readonly (keyof ClusterPorts)[] = [
  'postgres',
  'frontend',
  'frontendHttp',
  'frontendMembership',
  'history',
  'historyMembership',
  'matching',
  'matchingMembership',
  'worker',
  'workerMembership',
  'frontendMetrics',
  'historyMetrics',
  'ui',
];

export class ClusterPortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly what: string,
  ) {
    super(`port ${port} (${what}) is in use on 127.0.0.1`);
    this.name = 'ClusterPortInUseError';
  }
}

/**
 * The ports of the last run when every one of them is free again (a warm start keeps its addresses, like a
 * compose project), else fresh free ones. Fixed ports that are asked for must be free.
 */
export async function allocateClusterPorts(
  previous: Partial<ClusterPorts> | null,
  fixed: Partial<Pick<ClusterPorts, 'frontend' | 'ui'>>,
): Promise<ClusterPorts> {
  for (const [what, port] of Object.entries(fixed)) {
    if (port && !(await portIsFree(port))) throw new ClusterPortInUseError(port, what);
  }
  const candidate = { ...previous, ...withoutZeros(fixed) };
  if (await reusable(candidate)) return candidate as ClusterPorts;
  const taken = new Set(Object.values(withoutZeros(fixed)));
  const ports: Partial<ClusterPorts> = { ...withoutZeros(fixed) };
  for (const name of CLUSTER_PORT_NAMES) {
    if (ports[name]) continue;
    const port = await freeSmallintPort(taken);
    taken.add(port);
    ports[name] = port;
  }
  return ports as ClusterPorts;
}

/**
 * Temporal's SQL schema keeps membership ports in a SMALLINT column (cluster_membership.rpc_port): a port
 * above 32767 makes the server die at start ("value ... is out of range for type smallint"). The kernel's
 * free ports (freePort()) come from the ephemeral range, 32768 and up on Linux, so ports are picked at
 * random below it and checked instead.
 */
const PORT_RANGE = { min: 20_000, max: 32_767 };

async function freeSmallintPort(taken: ReadonlySet<number>): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = randomInt(PORT_RANGE.min, PORT_RANGE.max + 1);
    if (!taken.has(port) && (await portIsFree(port))) return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.min} and ${PORT_RANGE.max} on 127.0.0.1`);
}

async function reusable(candidate: Partial<ClusterPorts>): Promise<boolean> {
  const values = CLUSTER_PORT_NAMES.map((name) => candidate[name]);
  if (values.some((port) => typeof port !== 'number' || port <= 0)) return false;
  if (new Set(values).size !== values.length) return false;
  for (const port of values) if (!(await portIsFree(port as number))) return false;
  return true;
}

function withoutZeros(ports: Partial<Pick<ClusterPorts, 'frontend' | 'ui'>>): Partial<ClusterPorts> {
  return Object.fromEntries(Object.entries(ports).filter(([, port]) => typeof port === 'number' && port > 0));
}
