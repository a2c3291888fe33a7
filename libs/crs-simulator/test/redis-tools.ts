// Test helper: Debian's redis-check-rdb and redis-server (Redis 7.0), provisioned once by
// tools/ci/ensure-redis-tools.sh when missing (never skipped: a machine without them fails loudly), and a
// throwaway redis-server that loads one file and reports its keyspace.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENSURE_SCRIPT = resolve(__dirname, '..', '..', '..', 'tools', 'ci', 'ensure-redis-tools.sh');
let provisioned = false;

function ensureRedisTools(): void {
  if (provisioned) return;
  const result = spawnSync('bash', [ENSURE_SCRIPT], { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0)
    throw new Error(`${ENSURE_SCRIPT} could not provide redis-tools: ${(result.stderr || result.stdout).trim()}`);
  provisioned = true;
}

/** redis-check-rdb's verdict on a file. */
export async function checkRdb(file: string): Promise<{ ok: boolean; output: string }> {
  ensureRedisTools();
  try {
    const { stdout, stderr } = await run('redis-check-rdb', [file], { timeout: 120_000 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

type Cli = (...args: string[]) => Promise<string>;

/** Runs `use` against a redis-server of its own that loaded the file, then stops that server. */
async function withLoadedServer<T>(file: string, use: (cli: Cli) => Promise<T>): Promise<T> {
  ensureRedisTools();
  const port = await freePort();
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dirname(file),
      '--dbfilename',
      basename(file),
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  server.stdout.on('data', (data: Buffer) => (log += data.toString()));
  server.stderr.on('data', (data: Buffer) => (log += data.toString()));
  const cli: Cli = (...args) =>
    run('redis-cli', ['-p', String(port), ...args], { timeout: 10_000, maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout }) => stdout,
    );
  try {
    for (let attempt = 0; ; attempt++) {
      if (server.exitCode !== null) throw new Error(`redis-server exited (${server.exitCode}):\n${log}`);
      const pong = await cli('PING').catch(() => '');
      if (pong.trim() === 'PONG') break;
      if (attempt > 600) throw new Error(`redis-server did not get ready:\n${log}`);
      await sleep(50);
    }
    const result = await use(cli);
    await cli('SHUTDOWN', 'NOSAVE').catch(() => '');
    return result;
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolveExit) => server.once('exit', resolveExit));
      server.kill('SIGKILL');
      await exited;
    }
  }
}

/** INFO keyspace of a redis-server that loaded the file: keys and expires per database. */
export function loadedKeyspace(file: string): Promise<Record<string, { keys: number; expires: number }>> {
  return withLoadedServer(file, async (cli) => {
    const keyspace: Record<string, { keys: number; expires: number }> = {};
    for (const match of (await cli('INFO', 'keyspace')).matchAll(/^db(\d+):keys=(\d+),expires=(\d+)/gm))
      keyspace[match[1] ?? ''] = { keys: Number(match[2]), expires: Number(match[3]) };
    return keyspace;
  });
}

/** The names of the keys of database 0 of a redis-server that loaded the file. */
export function loadedKeys(file: string): Promise<string[]> {
  return withLoadedServer(file, async (cli) => (await cli('--scan')).split('\n').filter((line) => line !== ''));
}
