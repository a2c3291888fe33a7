// A private PostgreSQL cluster under the data directory: initdb once, then `postgres` on 127.0.0.1 (TCP only).
import { execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { ServiceProcess, type ReadinessProbe } from '@crs-export/process-supervisor';
import type { PostgresInstallation, PostgresRunAs } from './postgres-installation';

/**
 * Each Temporal service keeps its own pools (20 main + 10 visibility connections by default): four services
 * need about 120, more than PostgreSQL's default of 100. The schema job and the tests add a few.
 */
export const POSTGRES_MAX_CONNECTIONS = 200;

export interface PostgresClusterSettings {
  installation: PostgresInstallation;
  runAs: PostgresRunAs;
  /** The cluster's own directory (PGDATA), created by initdb. */
  dir: string;
  port: number;
  /** The superuser, as POSTGRES_USER of docker-compose.yml. */
  user: string;
  password: string;
  maxConnections?: number;
}

/** initdb, unless the directory already holds a cluster. Returns true when it created one. */
export async function initPostgresCluster(settings: PostgresClusterSettings): Promise<boolean> {
  if (existsSync(join(settings.dir, 'PG_VERSION'))) return false;
  const { uid, gid } = settings.runAs;
  assertReachable(dirname(settings.dir), uid);
  rmSync(settings.dir, { recursive: true, force: true });
  mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file the cluster's owner can read; it is removed right after.
  const passwordFile = `${settings.dir}.initdb-password`;
  writeFileSync(passwordFile, settings.password, { mode: 0o600 });
  if (uid !== undefined && gid !== undefined) {
    chownSync(settings.dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  try {
    const args = [
      '-D',
      settings.dir,
      '-U',
      settings.user,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
    ];
    const { code, output } = await runAs(settings.installation.initdb, args, settings.runAs, dirname(settings.dir));
    if (code !== 0) throw new Error(`initdb ${settings.dir} failed (exit ${code}):\n${output.slice(-3_000)}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
  return true;
}

/** `postgres` in the foreground, supervised: TCP on 127.0.0.1 only, no Unix socket, the connection limit raised. */
export function postgresProcess(
  settings: PostgresClusterSettings,
  logFile: string | null,
  onLine?: (line: string) => void,
): ServiceProcess {
  const { uid, gid } = settings.runAs;
  return new ServiceProcess({
    name: 'postgres',
    command: settings.installation.postgres,
    args: [
      '-D',
      settings.dir,
      '-p',
      String(settings.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      `max_connections=${settings.maxConnections ?? POSTGRES_MAX_CONNECTIONS}`,
    ],
    cwd: settings.dir,
    env: postgresEnv(),
    logFile,
    ...(onLine ? { onLine } : {}),
    ...(uid === undefined ? {} : { uid }),
    ...(gid === undefined ? {} : { gid }),
  });
}

/** Ready when `pg_isready` says the server accepts connections (not while it starts up or recovers). */
export function postgresReadyProbe(installation: PostgresInstallation, port: number): ReadinessProbe {
  return {
    description: `pg_isready -h 127.0.0.1 -p ${port}`,
    check: () =>
      new Promise<boolean>((resolve) => {
        execFile(
          installation.pgIsReady,
          ['-h', '127.0.0.1', '-p', String(port), '-d', 'postgres', '-t', '2'],
          { timeout: 5_000, env: postgresEnv() },
          (error) => resolve(error === null),
        );
      }),
  };
}

/**
 * SIGINT to the process group is PostgreSQL's "fast shutdown" (what Ctrl-C does to a server in a terminal):
 * sessions are ended, a checkpoint is written, and the next start needs no recovery.
 */
export const POSTGRES_STOP_SIGNAL: NodeJS.Signals = 'SIGINT';

function postgresEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
}

/** The cluster's owner must be able to reach its directory: every parent searchable by it. */
function assertReachable(dir: string, uid: number | undefined): void {
  if (uid === undefined) return;
  mkdirSync(dir, { recursive: true });
  // Our own data directory: searchable (not listable) by others, so that the postgres user gets to its part.
  if ((statSync(dir).mode & 0o001) === 0) chmodSync(dir, statSync(dir).mode | 0o011);
  for (let current = dir; ; current = dirname(current)) {
    const stat = statSync(current);
    if (stat.uid !== uid && (stat.mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as uid ${uid}, which cannot reach ${dir}: ${current} is not searchable by others ` +
          '(choose a data directory under /tmp, or chmod o+x it)',
      );
    }
    if (current === parse(current).root) break;
  }
}

function runAs(
  command: string,
  args: string[],
  user: PostgresRunAs,
  cwd: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: postgresEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user.uid === undefined ? {} : { uid: user.uid }),
      ...(user.gid === undefined ? {} : { gid: user.gid }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: 127, output: error.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
