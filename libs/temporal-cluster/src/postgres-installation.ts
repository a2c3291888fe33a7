// Debian's PostgreSQL server programs (installed with apt-get when missing) and the OS user that runs them.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOnPath, isExecutable } from '@crs-export/process-supervisor';
import { MissingToolError } from './server-binaries';

/** Debian 12's version; another major version found under /usr/lib/postgresql is used when 15 is absent. */
export const POSTGRES_PREFERRED_MAJOR = 15;
const POSTGRES_ROOT = '/usr/lib/postgresql';
const PROGRAMS = ['initdb', 'postgres', 'pg_isready'] as const;

export interface PostgresInstallation {
  major: number;
  binDir: string;
  initdb: string;
  postgres: string;
  pgIsReady: string;
}

/** The OS account PostgreSQL runs as: `postgres` when we are root (initdb refuses root), else ourselves. */
export interface PostgresRunAs {
  user: string;
  uid?: number;
  gid?: number;
}

export function findPostgres(): PostgresInstallation | null {
  if (!existsSync(POSTGRES_ROOT)) return null;
  const majors = readdirSync(POSTGRES_ROOT)
    .map(Number)
    .filter((major) => Number.isInteger(major) && major > 0)
    .filter((major) => PROGRAMS.every((program) => isExecutable(join(POSTGRES_ROOT, String(major), 'bin', program))))
    .sort((a, b) => (a === POSTGRES_PREFERRED_MAJOR ? -1 : b === POSTGRES_PREFERRED_MAJOR ? 1 : b - a));
  const major = majors[0];
  if (major === undefined) return null;
  const binDir = join(POSTGRES_ROOT, String(major), 'bin');
  return {
    major,
    binDir,
    initdb: join(binDir, 'initdb'),
    postgres: join(binDir, 'postgres'),
    pgIsReady: join(binDir, 'pg_isready'),
  };
}

/** The installed PostgreSQL, or `apt-get install postgresql` first (root only; the system cluster is not used). */
export async function findOrInstallPostgres(log: (line: string) => void): Promise<PostgresInstallation> {
  const found = findPostgres();
  if (found) return found;
  const aptGet = findOnPath('apt-get');
  if (!aptGet || process.getuid?.() !== 0) {
    throw new MissingToolError(
      'postgresql',
      `no PostgreSQL server under ${POSTGRES_ROOT}: install Debian's postgresql package (apt-get install postgresql)`,
    );
  }
  log('[postgresql] not installed: apt-get install postgresql');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run(aptGet, ['install', '-y', '--no-install-recommends', 'postgresql'], env, log)) !== 0) {
    await run(aptGet, ['update'], env, log);
    const code = await run(aptGet, ['install', '-y', '--no-install-recommends', 'postgresql'], env, log);
    if (code !== 0) throw new MissingToolError('postgresql', `apt-get install postgresql failed (exit ${code})`);
  }
  const installed = findPostgres();
  if (!installed)
    throw new MissingToolError('postgresql', `apt-get installed postgresql, but ${POSTGRES_ROOT} is empty`);
  return installed;
}

export function postgresRunAs(): PostgresRunAs {
  if (process.getuid?.() !== 0) return { user: process.env['USER'] ?? 'current user' };
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) {
    throw new MissingToolError(
      'postgresql',
      'running as root, and there is no `postgres` OS user to run PostgreSQL as',
    );
  }
  return { user: 'postgres', uid: Number(entry[2]), gid: Number(entry[3]) };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`[postgresql] ${line}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', () => resolve(127));
    child.once('close', (code) => resolve(code ?? 1));
  });
}
