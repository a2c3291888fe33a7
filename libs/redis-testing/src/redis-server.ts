// A throwaway redis-server for one test: on 127.0.0.1 at a free port, loading a given RDB file, never
// saving on its own (--save ''), stopped (SHUTDOWN NOSAVE, then SIGKILL of that one process) after use.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { basename, dirname } from 'node:path';
import { redisTools } from './redis-tools';
import { RespClient, RespError } from './resp-client';

export interface DatabaseKeyspace {
  keys: number;
  expires: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export class RedisServer {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly client: RespClient,
  ) {}

  /** Starts redis-server on `rdbFile` (which may not exist yet) and waits until it has loaded it. */
  static async start(rdbFile: string, extraArgs: string[] = []): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await RedisServer.startOnce(rdbFile, extraArgs);
      } catch (error) {
        // Another process may take the free port between the probe and redis-server's bind.
        if (attempt === 3 || !/Address already in use/.test(String(error))) throw error;
      }
    }
  }

  private static async startOnce(rdbFile: string, extraArgs: string[]): Promise<RedisServer> {
    const port = await freePort();
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dirname(rdbFile),
      '--dbfilename',
      basename(rdbFile),
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--logfile',
      '',
      ...extraArgs,
    ];
    const child = spawn(redisTools().server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (data: Buffer): void => {
      log = (log + data.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`redis-server exited with ${child.exitCode} before it was ready:\n${log}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not load ${rdbFile} within 120 s:\n${log}`);
      }
      try {
        const client = await RespClient.connect(port);
        try {
          if ((await client.text('PING')) === 'PONG') {
            const server = new RedisServer(child, port, client);
            server.log = log;
            return server;
          }
        } catch (error) {
          // LOADING: the file is still being read.
          if (!(error instanceof RespError)) throw error;
        }
        client.close();
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
  }

  /** INFO keyspace, per database number. */
  async keyspace(): Promise<Record<string, DatabaseKeyspace>> {
    const info = await this.client.text('INFO', 'keyspace');
    const result: Record<string, DatabaseKeyspace> = {};
    for (const match of info.matchAll(/^db(\d+):keys=(\d+),expires=(\d+)/gm)) {
      result[match[1] as string] = { keys: Number(match[2]), expires: Number(match[3]) };
    }
    return result;
  }

  /** DBSIZE of each of the first `count` databases (SELECT n; DBSIZE). */
  async dbSizes(count: number): Promise<number[]> {
    const sizes: number[] = [];
    for (let db = 0; db < count; db++) {
      await this.client.command('SELECT', db);
      sizes.push(Number(await this.client.command('DBSIZE')));
    }
    await this.client.command('SELECT', 0);
    return sizes;
  }

  /** Every key name of the selected database (SCAN). */
  async keys(): Promise<Buffer[]> {
    const names: Buffer[] = [];
    let cursor = '0';
    do {
      const reply = (await this.client.command('SCAN', cursor, 'COUNT', 1000)) as [Buffer, Buffer[]];
      cursor = reply[0].toString();
      names.push(...reply[1]);
    } while (cursor !== '0');
    return names;
  }

  get output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    this.client.command('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    this.client.close();
  }
}
