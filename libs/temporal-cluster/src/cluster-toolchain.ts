// Everything the topology runs, found or made once per machine: server binaries, the Web UI, the CLI, the module, PostgreSQL.
import { findOrBuildTemporalCli } from '@crs-export/dev-temporal';
import { findOrInstallPostgres, type PostgresInstallation } from './postgres-installation';
import {
  findOrBuildTemporalServer,
  findOrBuildTemporalUi,
  MissingToolError,
  type TemporalServerBinaries,
} from './server-binaries';
import { downloadTemporalServerModule, type TemporalServerModule } from './server-module';

export interface ClusterToolchain {
  server: TemporalServerBinaries;
  /** The Temporal CLI, the admin tool of register-search-attributes.sh. */
  cliPath: string;
  module: TemporalServerModule;
  postgres: PostgresInstallation;
  /** The Web UI server, or why there is none (not asked for, or its build failed). */
  ui: { path: string } | { unavailable: string };
  /** Wall-clock milliseconds per step, for the provisioning report. */
  timings: Record<string, number>;
}

export interface ToolchainOptions {
  ui: boolean;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export async function provisionClusterToolchain(options: ToolchainOptions): Promise<ClusterToolchain> {
  const env = options.env ?? process.env;
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings[step] = Date.now() - started;
    }
  };
  const postgres = await timed('postgresql', () => findOrInstallPostgres(options.log));
  const server = await timed('temporal-server', () => findOrBuildTemporalServer(options.log, env));
  const module = await timed('server-module', () => downloadTemporalServerModule(env));
  const cli = await timed('temporal-cli', () => findOrBuildTemporalCli(options.log, env));
  if (!cli) throw new MissingToolError('temporal', 'no Temporal CLI on PATH or in the cache, and no Go to build it');
  let ui: ClusterToolchain['ui'] = { unavailable: 'not asked for' };
  if (options.ui) {
    try {
      ui = { path: (await timed('temporal-ui-server', () => findOrBuildTemporalUi(options.log, env))).path };
    } catch (error) {
      ui = { unavailable: error instanceof Error ? error.message : String(error) };
    }
  }
  return { server, cliPath: cli.path, module, postgres, ui, timings };
}
