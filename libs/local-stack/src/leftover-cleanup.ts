// Before a start: stops what a previous supervisor on the same data dir left running when it was killed hard.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { processGroupAlive } from '@crs-export/process-supervisor';

interface StackState {
  supervisorPid?: number;
  pids?: Record<string, number>;
}

export class StackAlreadyRunningError extends Error {
  constructor(readonly supervisorPid: number) {
    super(`another npm start (pid ${supervisorPid}) is running on this data directory: stop it first`);
    this.name = 'StackAlreadyRunningError';
  }
}

/** The command line of a process, or null where /proc cannot tell (then nothing is touched). */
function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

/** Only processes that still look like ours are stopped: a recycled pid belongs to someone else. */
const OURS = /temporal|run-ts\.cjs|start\.ts|weed/;

/**
 * Reads the state file `npm start` writes once ready. If its supervisor is gone but services of it still
 * run (the Temporal dev server survives a SIGKILL of the supervisor), stops their process groups.
 * Returns what it stopped. Throws StackAlreadyRunningError when that supervisor is still alive.
 */
export async function stopLeftovers(stateFile: string, timeoutMs = 10_000): Promise<string[]> {
  if (!existsSync(stateFile)) return [];
  let state: StackState;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as StackState;
  } catch {
    rmSync(stateFile, { force: true });
    return [];
  }
  const supervisor = state.supervisorPid;
  if (supervisor && supervisor !== process.pid && OURS.test(commandLineOf(supervisor) ?? '')) {
    throw new StackAlreadyRunningError(supervisor);
  }
  const stopped: string[] = [];
  for (const [name, pid] of Object.entries(state.pids ?? {})) {
    if (!processGroupAlive(pid) || !OURS.test(commandLineOf(pid) ?? '')) continue;
    process.kill(-pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (processGroupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (processGroupAlive(pid)) process.kill(-pid, 'SIGKILL');
    stopped.push(`${name} (pid ${pid})`);
  }
  rmSync(stateFile, { force: true });
  return stopped;
}
