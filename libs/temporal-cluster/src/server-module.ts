// The Temporal server's Go module source (schema and config files), from `go mod download` of the pinned version.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '@crs-export/process-supervisor';
import { MissingToolError, TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION } from './server-binaries';

export interface TemporalServerModule {
  /** The module's read-only source in Go's module cache. */
  dir: string;
  /** `schema/postgresql/v12`: `temporal/versioned` and `visibility/versioned`, as in temporalio/admin-tools. */
  postgresSchemaDir: string;
  /** `config/`: the development-*.yaml shapes the generated config follows. */
  configDir: string;
}

/** `go mod download -json go.temporal.io/server@v1.29.1` (instant once the module is in Go's cache). */
export async function downloadTemporalServerModule(
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalServerModule> {
  const go = findOnPath('go', env);
  if (!go) throw new MissingToolError('go', 'no Go toolchain on PATH to download the Temporal server module with');
  const target = `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`;
  // Outside any Go module, and without the repository's GOFLAGS, `go mod download` reads only the proxy.
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      go,
      ['mod', 'download', '-json', target],
      { cwd: tmpdir(), env: { ...env, GOFLAGS: '' }, maxBuffer: 4 * 1024 * 1024, timeout: 15 * 60_000 },
      (error, out, err) =>
        error ? reject(new Error(`go mod download ${target} failed: ${err || out}`)) : resolve(out),
    );
  });
  const parsed = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!parsed.Dir) throw new Error(`go mod download ${target}: ${parsed.Error ?? 'no Dir in its answer'}`);
  const module: TemporalServerModule = {
    dir: parsed.Dir,
    postgresSchemaDir: join(parsed.Dir, 'schema', 'postgresql', 'v12'),
    configDir: join(parsed.Dir, 'config'),
  };
  for (const needed of [join(module.postgresSchemaDir, 'temporal', 'versioned'), module.configDir]) {
    if (!existsSync(needed)) throw new Error(`the Temporal server module has no ${needed}`);
  }
  return module;
}
