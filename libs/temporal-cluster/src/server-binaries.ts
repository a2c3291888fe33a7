// The Go programs of the topology, built once per machine: the Temporal server, temporal-sql-tool and the Web UI.
import { findOnPath, findOrBuildGoBinaries, type CachedGoBinarySpec } from '@crs-export/process-supervisor';

/** The server version of docker-compose.yml (temporalio/server:1.29.1) and of the Temporal CLI v1.5.1. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** The Web UI version of docker-compose.yml (temporalio/ui:2.42.1). */
export const TEMPORAL_UI_VERSION = 'v2.42.1';

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';

export const TEMPORAL_SERVER_BUILD: CachedGoBinarySpec = {
  title: 'the Temporal server and temporal-sql-tool',
  name: 'temporal-server',
  version: TEMPORAL_SERVER_VERSION,
  recipe: {
    kind: 'install',
    packages: [
      { path: `${TEMPORAL_SERVER_MODULE}/cmd/server`, binary: 'temporal-server' },
      { path: `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql`, binary: 'temporal-sql-tool' },
    ],
  },
};

export const TEMPORAL_UI_BUILD: CachedGoBinarySpec = {
  title: 'the Temporal Web UI server',
  name: 'temporal-ui-server',
  version: TEMPORAL_UI_VERSION,
  // The UI's built assets are embedded in the Go module, so `go install` gives a complete server.
  recipe: {
    kind: 'install',
    packages: [{ path: 'github.com/temporalio/ui-server/v2/cmd/server', binary: 'temporal-ui-server' }],
  },
};

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  source: 'cache' | 'built';
}

export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = 'MissingToolError';
  }
}

function requireGo(what: string, env: NodeJS.ProcessEnv): void {
  if (!findOnPath('go', env)) {
    throw new MissingToolError('go', `no Go toolchain on PATH to build ${what} with (Go 1.25+ is needed, once)`);
  }
}

/** temporal-server and temporal-sql-tool v1.29.1 from the cache, built there first when missing (minutes, once). */
export async function findOrBuildTemporalServer(
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalServerBinaries> {
  const binaries = await findOrBuildGoBinaries(TEMPORAL_SERVER_BUILD, log, env);
  const server = binaries?.paths['temporal-server'];
  const sqlTool = binaries?.paths['temporal-sql-tool'];
  if (!binaries || !server || !sqlTool) {
    requireGo(TEMPORAL_SERVER_BUILD.title, env);
    throw new MissingToolError('temporal-server', `${TEMPORAL_SERVER_BUILD.title} could not be found or built`);
  }
  return { server, sqlTool, source: binaries.source };
}

/** The Web UI server v2.42.1 from the cache, built there first when missing. */
export async function findOrBuildTemporalUi(
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; source: 'cache' | 'built' }> {
  const binaries = await findOrBuildGoBinaries(TEMPORAL_UI_BUILD, log, env);
  const path = binaries?.paths['temporal-ui-server'];
  if (!binaries || !path) {
    requireGo(TEMPORAL_UI_BUILD.title, env);
    throw new MissingToolError('temporal-ui-server', `${TEMPORAL_UI_BUILD.title} could not be found or built`);
  }
  return { path, source: binaries.source };
}
