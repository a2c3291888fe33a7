// What the benchmarks ran on: CPU, memory, kernel, Node, Temporal CLI/server and SDK versions, commit.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { TEMPORAL_CLI_VERSION, temporalCliVersion } from '@crs-export/dev-temporal';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  /** 1, 5 and 15 minute load averages when the run began: other work on the machine skews every figure. */
  loadAverageAtStart: [number, number, number];
  node: string;
  temporalCli: string;
  /** The version libs/dev-temporal pins; a CLI built with `go install` reports itself as 0.0.0-DEV. */
  temporalCliPinned: string;
  temporalServer: string | null;
  temporalSdk: Record<string, string>;
  /** `git rev-parse HEAD`, and whether the working tree had changes (then the figures are not of that commit alone). */
  git: { commit: string | null; dirty: boolean };
}

/** os.loadavg(), rounded: 1, 5 and 15 minutes. */
export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [Number(one.toFixed(2)), Number(five.toFixed(2)), Number(fifteen.toFixed(2))];
}

/** The commit as the summary names it: the full hash, `(dirty)` when the tree had changes. */
export function commitLabel(git: MachineInfo['git']): string {
  return `${git.commit ?? 'unknown'}${git.dirty ? ' (dirty: uncommitted changes)' : ''}`;
}

const SDK_PACKAGES = ['@temporalio/client', '@temporalio/worker', '@temporalio/workflow', '@temporalio/core-bridge'];

function packageVersion(rootDir: string, name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(rootDir, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return manifest.version;
  } catch {
    return 'not installed';
  }
}

export function collectMachineInfo(rootDir: string, temporalCliPath: string): MachineInfo {
  const cpuList = cpus();
  const cliVersion = temporalCliVersion(temporalCliPath);
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: rootDir, encoding: 'utf8' });
  const changes = spawnSync('git', ['status', '--porcelain', '--untracked-files=normal'], {
    cwd: rootDir,
    encoding: 'utf8',
  });
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    kernel: release(),
    loadAverageAtStart: loadAverage(),
    node: process.version,
    temporalCli: cliVersion,
    temporalCliPinned: TEMPORAL_CLI_VERSION,
    // "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"
    temporalServer: /Server ([\d.]+)/.exec(cliVersion)?.[1] ?? null,
    temporalSdk: Object.fromEntries(SDK_PACKAGES.map((name) => [name, packageVersion(rootDir, name)])),
    git: {
      commit: commit.status === 0 ? commit.stdout.trim() : null,
      dirty: changes.status !== 0 || changes.stdout.trim().length > 0,
    },
  };
}
