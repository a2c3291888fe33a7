// The compose setup jobs, run here as compose runs them: deploy/temporal/setup-postgres-schema.sh and register-search-attributes.sh.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { ClusterCertificates } from './cluster-certificates';
import type { TlsMode } from './server-config';

export class SetupJobError extends Error {
  constructor(
    readonly job: string,
    message: string,
    readonly recentLines: string[],
  ) {
    super(message);
    this.name = 'SetupJobError';
  }
}

export interface SchemaJobInput {
  rootDir: string;
  /** The directory holding `temporal-sql-tool` (put first on PATH, as in temporalio/admin-tools). */
  sqlToolDir: string;
  /** The module's `schema/postgresql/v12`. */
  schemaDir: string;
  port: number;
  user: string;
  password: string;
  logFile: string;
  log: (line: string) => void;
  /** Ends the job (SIGKILL) and rejects with the reason. */
  signal?: AbortSignal;
}

/** The temporal-schema job of docker-compose.yml: both databases created (first time) and at this version's schema. */
export async function runSchemaJob(input: SchemaJobInput): Promise<void> {
  await runJob({
    job: 'setup-postgres-schema',
    script: join(input.rootDir, 'deploy', 'temporal', 'setup-postgres-schema.sh'),
    cwd: input.rootDir,
    env: {
      ...baseEnv(),
      PATH: [input.sqlToolDir, process.env['PATH'] ?? '/usr/bin:/bin'].join(delimiter),
      POSTGRES_SEEDS: '127.0.0.1',
      DB_PORT: String(input.port),
      POSTGRES_USER: input.user,
      SQL_PASSWORD: input.password,
      TEMPORAL_SCHEMA_DIR: input.schemaDir,
    },
    logFile: input.logFile,
    log: input.log,
    ...(input.signal ? { signal: input.signal } : {}),
  });
}

export interface NamespaceJobInput {
  rootDir: string;
  cliPath: string;
  address: string;
  namespace: string;
  retention: string;
  tls: { mode: Exclude<TlsMode, 'none'>; certificates: ClusterCertificates } | null;
  waitSeconds: number;
  /** A path where the CLI finds no config file: a user's temporal.toml must not redirect the job. */
  isolatedConfigFile: string;
  logFile: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** The temporal-setup job of docker-compose.yml: the namespace and the export search attributes, over the cluster's TLS. */
export async function runNamespaceJob(input: NamespaceJobInput): Promise<void> {
  const { tls } = input;
  await runJob({
    job: 'register-search-attributes',
    script: join(input.rootDir, 'deploy', 'temporal', 'register-search-attributes.sh'),
    cwd: input.rootDir,
    env: {
      ...baseEnv(),
      TEMPORAL_ADDRESS: input.address,
      TEMPORAL_NAMESPACE: input.namespace,
      TEMPORAL_CLI: input.cliPath,
      NAMESPACE_RETENTION: input.retention,
      WAIT_SECONDS: String(input.waitSeconds),
      TEMPORAL_CONFIG_FILE: input.isolatedConfigFile,
      // The CLI's own environment settings (go.temporal.io/sdk/contrib/envconfig): the script needs no TLS flags.
      ...(tls
        ? {
            TEMPORAL_TLS: 'true',
            TEMPORAL_TLS_SERVER_CA_CERT_PATH: tls.certificates.ca.certFile,
            TEMPORAL_TLS_SERVER_NAME: tls.certificates.serverName,
            ...(tls.mode === 'mtls'
              ? {
                  TEMPORAL_TLS_CLIENT_CERT_PATH: tls.certificates.client.certFile,
                  TEMPORAL_TLS_CLIENT_KEY_PATH: tls.certificates.client.keyFile,
                }
              : {}),
          }
        : {}),
    },
    logFile: input.logFile,
    log: input.log,
    ...(input.signal ? { signal: input.signal } : {}),
  });
}

/** The caller's environment without TEMPORAL_* and database settings that would redirect a job. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TEMPORAL_|SQL_|POSTGRES_|DB_PORT$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

interface JobRun {
  job: string;
  script: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** `/bin/sh <script>`, the compose entrypoint. Its own `[job]` lines are logged; everything goes to the log file. */
function runJob(run: JobRun): Promise<void> {
  mkdirSync(dirname(run.logFile), { recursive: true });
  const file = createWriteStream(run.logFile, { flags: 'a' });
  const tail: string[] = [];
  return new Promise<void>((resolve, reject) => {
    const child = spawn('/bin/sh', [run.script], { cwd: run.cwd, env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) record(line);
    };
    const record = (line: string): void => {
      if (!line) return;
      file.write(`${line}\n`);
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (line.startsWith(`[${run.job}]`)) run.log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(run.signal?.reason instanceof Error ? run.signal.reason : new Error(`${run.job} aborted`));
    };
    if (run.signal?.aborted) onAbort();
    run.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => reject(new SetupJobError(run.job, `${run.job}: ${error.message}`, tail)));
    child.once('close', (code) => {
      run.signal?.removeEventListener('abort', onAbort);
      record(pending);
      file.end();
      if (code === 0) resolve();
      else {
        reject(
          new SetupJobError(
            run.job,
            `${run.job} failed (exit ${code}); last lines:\n${tail.join('\n')}\n(full output: ${run.logFile})`,
            [...tail],
          ),
        );
      }
    });
  });
}
