// Busy-loop processes beside the suite (RELIABILITY_CPU_HOGS=n), so that a run shows the scenarios hold on a
// loaded machine: each spins one core until stop(), and dies with the suite if the suite dies first.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CpuHogs {
  readonly count: number;
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

// Spins in 50 ms slices so that it still hears its IPC channel close: it exits when its parent does, and a
// killed suite leaves no spinning process behind.
const SPIN = [
  "process.on('disconnect', () => process.exit(0));",
  'const spin = () => { const end = Date.now() + 50; while (Date.now() < end); setImmediate(spin); };',
  'spin();',
].join(' ');

export function startCpuHogs(count: number): CpuHogs {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(spawn(process.execPath, ['-e', SPIN], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }));
  }
  const killAll = (): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  return {
    count,
    pids: children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
    stop: async () => {
      process.off('exit', killAll);
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}
