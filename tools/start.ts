// `npm start`: the whole stack on embedded defaults, printed URLs and API key, stopped in order on Ctrl-C.
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@crs-export/config';
import { CodecKeyRingError } from '@crs-export/payload-codec';
import { describeExit, NotReadyError, type ServiceExit } from '@crs-export/process-supervisor';
import {
  prefixLine,
  shouldShow,
  stackBanner,
  type LogLevelFilter,
  PortInUseError,
  StackAlreadyRunningError,
  startStack,
  stopLeftovers,
  type ServiceName,
  type Stack,
} from '@crs-export/local-stack';
import { DEMO_ARCHIVE_BUCKET, directoryArchive, s3Archive, type StackArchive } from './start-archive';

const ROOT = resolve(__dirname, '..');

const USAGE = `usage: npm start [-- --quiet] [-- --data-dir DIR] [-- --s3]

Starts the Temporal dev server (unless TEMPORAL_ADDRESS is set), the CRS simulator (unless CRS_ENDPOINT is
set), the worker and the API, prints their URLs and the API key, and stops them all on Ctrl-C.
  --quiet          show only warnings, errors and non-JSON lines of the services (all go to the log files)
  --data-dir DIR   Temporal's SQLite file, the API key, the logs and the archive (default .data)
  --s3             also start a local S3 server (SeaweedFS) and archive into it (s3://crs-export/archive);
                   otherwise exports archive into DATA_DIR/archive unless ARCHIVE_URL says otherwise`;

const out = (text: string): boolean => process.stdout.write(`${text}\n`);
const err = (text: string): boolean => process.stderr.write(`${text}\n`);

async function main(): Promise<number> {
  let flags: { quiet?: boolean; 'data-dir'?: string; s3?: boolean; help?: boolean };
  try {
    flags = parseArgs({
      options: {
        quiet: { type: 'boolean' },
        'data-dir': { type: 'string' },
        s3: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    out(USAGE);
    return 0;
  }
  const filter: LogLevelFilter = flags.quiet ? 'warn' : 'all';
  const color = process.stdout.isTTY && !process.env['NO_COLOR'];
  const started = Date.now();
  const aborter = new AbortController();
  let stack: Stack | null = null;
  let archive: StackArchive | null = null;
  let shuttingDown: Promise<number> | null = null;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const shutdown = (reason: string, exitCode: number): Promise<number> => {
    shuttingDown ??= (async () => {
      err(`\n[start] ${reason}: stopping the worker and the API, then the simulator, then Temporal`);
      aborter.abort(new Error(reason));
      if (stack) {
        await stack.stop();
        rmSync(join(stack.dataDir, 'stack.json'), { force: true });
      }
      await archive?.stop();
      // Stated on stdout because `npm start` itself ends with 130 on Ctrl-C (its `sh -c` dies of the SIGINT).
      out(`[start] all services stopped; exit code ${exitCode}`);
      return exitCode;
    })();
    void shuttingDown.then(finish);
    return shuttingDown;
  };

  let forced = false;
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // Under `npm start` one Ctrl-C arrives twice: from the terminal, and forwarded by npm. Only a second
    // press, a moment later, means "do not wait".
    if (shuttingDown && !forced && Date.now() - firstSignalAt > 1_000) {
      // A second Ctrl-C: do not wait for the graceful stop.
      forced = true;
      err(`[start] ${signal} again: killing every service now`);
      for (const pid of Object.values(stack?.pids() ?? {})) killGroup(pid);
      return;
    }
    if (shuttingDown) return;
    firstSignalAt = Date.now();
    void shutdown(`${signal} received`, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  let unexpected: Promise<number> | null = null;
  const onUnexpectedExit = (service: ServiceName, exit: ServiceExit, lines: string[]): void => {
    const rule = '!'.repeat(78);
    err(`\n${rule}\n[start] ${service.toUpperCase()} DIED (${describeExit(exit)}). Its last lines:`);
    for (const line of lines.slice(-20)) err(`  ${service} | ${line}`);
    err(`[start] full log: ${join(stack?.dataDir ?? '.data', 'logs', `${service}.log`)}\n${rule}`);
    unexpected ??= shutdown(`${service} died`, 1);
  };

  out(`[start] starting crs-export (Temporal, CRS simulator, codec server, worker, API) ...`);
  try {
    const stopped = await stopLeftovers(join(resolve(ROOT, flags['data-dir'] ?? '.data'), 'stack.json'));
    if (stopped.length > 0) err(`[start] stopped what a killed earlier run left behind: ${stopped.join(', ')}`);
    const dataDir = resolve(ROOT, flags['data-dir'] ?? '.data');
    if (flags.s3 && process.env['ARCHIVE_URL']) err('[start] --s3 given: ARCHIVE_URL is set aside for this run');
    archive = flags.s3 ? await s3Archive(dataDir, out) : directoryArchive(dataDir, process.env);
    if (archive.s3) out(`[start] s3 ready at ${archive.s3.endpoint} (bucket ${DEMO_ARCHIVE_BUCKET})`);
    stack = await startStack({
      dataDir: flags['data-dir'],
      serviceEnv: archive.env,
      signal: aborter.signal,
      onLine: (service, line) => {
        // Temporal's own internal workers complain at length while it stops; the log file keeps it all.
        if (shuttingDown && service === 'temporal') return;
        if (shouldShow(line, filter)) out(prefixLine(service, line, color));
      },
      onReady: (service, ms) => out(`[start] ${service} ready in ${(ms / 1000).toFixed(1)} s`),
      onWarning: (message) => err(`[start] WARNING ${message}`),
      onUnexpectedExit,
    });
  } catch (error) {
    if (shuttingDown) return shuttingDown;
    await archive?.stop();
    reportStartFailure(error);
    return 1;
  }
  if (shuttingDown) return shuttingDown;

  writeFileSync(
    join(stack.dataDir, 'stack.json'),
    `${JSON.stringify({ supervisorPid: process.pid, startedAt: new Date(started).toISOString(), pids: { ...stack.pids(), ...(archive.s3?.service.pid ? { s3: archive.s3.service.pid } : {}) }, urls: stack.urls }, null, 2)}\n`,
  );
  out(stackBanner(stack, Date.now() - started));
  out(`  archives: ${archive.url}  (npx crs-export verify <an export's archive location>)`);
  // Stays alive on the children's pipes until a signal or a death ends it.
  return finished;
}

function reportStartFailure(error: unknown): void {
  if (error instanceof ConfigError || error instanceof CodecKeyRingError || error instanceof StackAlreadyRunningError) {
    err(`[start] ${error.message}`);
    return;
  }
  if (error instanceof PortInUseError) {
    err(`[start] cannot start:\n  ${error.message.split('\n').join('\n  ')}`);
    return;
  }
  if (error instanceof NotReadyError) {
    err(`[start] FAILED: ${error.message}`);
    for (const line of error.recentLines.slice(-20)) err(`  ${error.service} | ${line}`);
  } else {
    err(`[start] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  err(`[start] everything that had started was stopped`);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(`[start] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
