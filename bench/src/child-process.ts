// Runs one of the benchmark's own TypeScript entry points as a separate process (tools/run-ts.cjs, as the
// services run), and reads the JSON lines it prints on stdout. Its stderr goes to the log.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface BenchChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The next JSON line it prints (rejects if it exits first, or after timeoutMs). */
  nextJson<T>(timeoutMs: number): Promise<T>;
  /** SIGTERM, then SIGKILL after graceMs; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface BenchChildOptions {
  rootDir: string;
  /** Path of the entry point, relative to the repository root. */
  entry: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Node options before the entry, e.g. --cpu-prof. */
  nodeArgs?: string[];
  log: (line: string) => void;
  name: string;
}

export function spawnBenchChild(options: BenchChildOptions): BenchChild {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), join(options.rootDir, 'tools', 'run-ts.cjs'), options.entry, ...(options.args ?? [])],
    { cwd: options.rootDir, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.pid === undefined) throw new Error(`could not start ${options.entry}`);
  const pid = child.pid;
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let exited: string | null = null;
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    wake();
  });
  createInterface({ input: child.stderr }).on('line', (line) => options.log(`[${options.name}] ${line}`));
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      wake();
      resolve();
    });
  });
  return {
    child,
    pid,
    nextJson: async <T>(timeoutMs: number): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = lines.shift();
        if (line !== undefined) {
          if (line.startsWith('{')) return JSON.parse(line) as T;
          options.log(`[${options.name}] ${line}`);
          continue;
        }
        if (exited !== null) throw new Error(`${options.name} ${exited} before printing its result`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${options.name} printed no result within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    stop: async (graceMs = 10_000) => {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
