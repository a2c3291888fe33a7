// Debian's redis-check-rdb and redis-server (Redis 7.0) for the tests: found on PATH or in /usr/bin, else
// installed once by tools/ci/ensure-redis-tools.sh; never skipped, so a machine without them fails loudly.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RedisTools {
  checkRdb: string;
  server: string;
}

const ENSURE_SCRIPT = resolve(__dirname, '..', '..', '..', 'tools', 'ci', 'ensure-redis-tools.sh');

function find(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(':').filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

let cached: RedisTools | undefined;

/** The two binaries; provisions them once if missing, and throws with the reason if that fails. */
export function redisTools(): RedisTools {
  if (cached) return cached;
  let checkRdb = find('redis-check-rdb');
  let server = find('redis-server');
  if (!checkRdb || !server) {
    const run = spawnSync('bash', [ENSURE_SCRIPT], { encoding: 'utf8', timeout: 600_000 });
    checkRdb = find('redis-check-rdb');
    server = find('redis-server');
    if (run.status !== 0 || !checkRdb || !server) {
      throw new Error(
        `redis-check-rdb and redis-server are required (Debian packages redis-tools, redis-server) and ${ENSURE_SCRIPT} ` +
          `could not provide them (exit ${run.status}): ${(run.stderr || run.stdout || String(run.error)).trim()}`,
      );
    }
  }
  cached = { checkRdb, server };
  return cached;
}

export function redisServerVersion(): string {
  return execFileSync(redisTools().server, ['--version'], { encoding: 'utf8' }).trim();
}

/** Runs redis-check-rdb on a file: its exit code and what it printed. */
export function checkRdb(file: string): { code: number | null; output: string } {
  const run = spawnSync(redisTools().checkRdb, [file], { encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}
