// Redis's own checker (Debian's redis-tools, Redis 7.0) for files the tests download; installed by the
// project's script when missing, never skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');

function find(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(':').concat(['/usr/bin'])) {
    const candidate = join(dir, 'redis-check-rdb');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export function redisCheckRdb(): string {
  const found = find();
  if (found) return found;
  execFileSync('bash', [join(repoRoot, 'tools', 'ci', 'ensure-redis-tools.sh')], { stdio: 'inherit' });
  const installed = find();
  if (!installed)
    throw new Error('redis-check-rdb is not installed and tools/ci/ensure-redis-tools.sh could not install it');
  return installed;
}

/** Runs redis-check-rdb on a file: its exit code and output. */
export function checkRdbFile(file: string): { ok: boolean; output: string } {
  const run = spawnSync(redisCheckRdb(), [file], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
