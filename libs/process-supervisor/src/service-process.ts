// One supervised child process: its own process group, line-split output, a log file, stop with escalation.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Every output line is appended here (raw); null: no file. */
  logFile: string | null;
  /** Called with each output line, for the supervisor's terminal or a test. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many recent lines to keep for the report when the process dies. */
  tailLines?: number;
  /** Run as this user and group (needs root), e.g. PostgreSQL, which refuses to run as root. */
  uid?: number;
  gid?: number;
}

const DEFAULT_TAIL = 40;

/**
 * A child in a process group of its own: Ctrl-C in a terminal then reaches only the supervisor, which
 * stops the services in order instead of all at once, and signals reach every process the child forked.
 */
export class ServiceProcess {
  readonly name: string;
  private child: ChildProcess | null = null;
  private exitPromise: Promise<ServiceExit> = Promise.resolve({ code: null, signal: null });
  private readonly tail: string[] = [];
  private readonly exitListeners = new Set<(exit: ServiceExit) => void>();
  private readonly lineListeners = new Set<(line: string) => void>();
  private log: WriteStream | null = null;

  constructor(private readonly options: ServiceProcessOptions) {
    this.name = options.name;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process wrote, newest last. */
  recentLines(): string[] {
    return [...this.tail];
  }

  /** Resolves when the current run of the process has exited. */
  exited(): Promise<ServiceExit> {
    return this.exitPromise;
  }

  onExit(listener: (exit: ServiceExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    const { command, args, cwd, env, logFile, uid, gid } = this.options;
    if (logFile) {
      mkdirSync(dirname(logFile), { recursive: true });
      this.log = createWriteStream(logFile, { flags: 'a' });
    }
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid }),
      ...(gid === undefined ? {} : { gid }),
    });
    this.child = child;
    this.exitPromise = new Promise<ServiceExit>((resolve) => {
      // 'close' waits for the output pipes too, so the tail holds the last words of a crash.
      child.once('close', (code, signal) => {
        const exit = { code, signal };
        this.log?.end();
        this.log = null;
        resolve(exit);
        for (const listener of [...this.exitListeners]) listener(exit);
      });
      child.once('error', (error) => {
        this.record(`failed to start ${command}: ${error.message}`, 'stderr');
        if (child.pid === undefined) {
          const exit = { code: 127, signal: null };
          resolve(exit);
          for (const listener of [...this.exitListeners]) listener(exit);
        }
      });
    });
    this.pipeLines(child.stdout, 'stdout');
    this.pipeLines(child.stderr, 'stderr');
  }

  /** Sends a signal to the whole process group; a no-op when it has already exited. */
  signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid || !this.running) return;
    try {
      process.kill(-pid, signal);
    } catch (error) {
      // ESRCH: the group vanished between the check and the kill.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /** SIGTERM (or the given signal), then SIGKILL to the group after timeoutMs; resolves once it has exited. */
  async stop(timeoutMs: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<ServiceExit & { escalated: boolean }> {
    if (!this.running) return { ...(await this.exitPromise), escalated: false };
    let escalated = false;
    const timer = setTimeout(() => {
      escalated = true;
      this.record(`did not stop within ${timeoutMs} ms of ${signal}: sending SIGKILL`, 'stderr');
      this.signal('SIGKILL');
    }, timeoutMs);
    this.signal(signal);
    const exit = await this.exitPromise;
    clearTimeout(timer);
    // Anything the leader forked and left behind in its group goes too.
    const pid = this.child?.pid;
    if (pid) killGroupQuietly(pid);
    return { ...exit, escalated };
  }

  private pipeLines(stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): void {
    if (!stream) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) this.record(line, name);
    });
    stream.on('end', () => {
      if (pending.length > 0) this.record(pending, name);
      pending = '';
    });
  }

  private record(line: string, stream: 'stdout' | 'stderr'): void {
    this.tail.push(line);
    if (this.tail.length > (this.options.tailLines ?? DEFAULT_TAIL)) this.tail.shift();
    this.log?.write(`${line}\n`);
    this.options.onLine?.(line, stream);
    for (const listener of [...this.lineListeners]) listener(line);
  }
}

function killGroupQuietly(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left in the group, the normal case.
  }
}

/** True while any process of the group led by pid exists. */
export function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
