// Samples a process's memory (VmRSS, VmHWM from /proc/<pid>/status) and CPU (/proc/<pid>/stat) over a run.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export interface ProcessUsage {
  pid: number;
  samples: number;
  /** Peak resident set: the kernel's high-water mark (VmHWM), in MB (10^6 bytes). */
  peakRssMb: number;
  /** Largest VmRSS seen in a sample, in MB. */
  maxSampledRssMb: number;
  /** Resident set at the end of the window, in MB. */
  endRssMb: number;
  /** User + system CPU time used in the window, in seconds. */
  cpuSeconds: number;
  /** cpuSeconds over the window's wall time, in percent of one core. */
  averageCpuPercent: number;
  /** Highest CPU use between two samples, in percent of one core. */
  peakCpuPercent: number;
  wallSeconds: number;
  /** RSS over the window: [seconds since the sampler started, VmRSS in MB], one pair per sample. */
  rssSeries: [number, number][];
}

let clockTicks: number | null = null;

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on Linux almost everywhere). */
function ticksPerSecond(): number {
  if (clockTicks === null) {
    const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(answer.stdout.trim());
    clockTicks = answer.status === 0 && value > 0 ? value : 100;
  }
  return clockTicks;
}

function statusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
}

/** utime + stime in clock ticks; fields 14 and 15, counted after the parenthesised command name. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Resets the kernel's peak-RSS mark (VmHWM) of a process to its current RSS ("5" to clear_refs, Linux >= 4.0),
 * so that a later VmHWM is the peak of what came after. False where that is not allowed.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** VmRSS now, in MB. */
export function currentRssMb(pid: number): number {
  return Number(((statusKb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') * 1024) / 1e6).toFixed(1));
}

export class ProcessSampler {
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = performance.now();
  private readonly startTicks: number;
  /** CPU ticks at the last sample. */
  private lastTicks: number;
  /** Start of the current window for the peak CPU figure. */
  private windowTicks: number;
  private windowAt: number;
  private samples = 0;
  private hwmKb = 0;
  private maxRssKb = 0;
  private lastRssKb = 0;
  private peakCpu = 0;
  private readonly series: [number, number][] = [];

  constructor(
    readonly pid: number,
    intervalMs = 500,
  ) {
    this.startTicks = cpuTicks(pid);
    this.lastTicks = this.startTicks;
    this.windowTicks = this.startTicks;
    this.windowAt = this.startedAt;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Stops sampling (one last sample first) and returns the figures of the window. */
  stop(): ProcessUsage {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const cpuSeconds = (this.lastTicks - this.startTicks) / ticksPerSecond();
    const mb = (kb: number): number => Number(((kb * 1024) / 1e6).toFixed(1));
    return {
      pid: this.pid,
      samples: this.samples,
      peakRssMb: mb(this.hwmKb),
      maxSampledRssMb: mb(this.maxRssKb),
      endRssMb: mb(this.lastRssKb),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      averageCpuPercent: Number(((cpuSeconds / wallSeconds) * 100).toFixed(1)),
      peakCpuPercent: Number(this.peakCpu.toFixed(1)),
      wallSeconds: Number(wallSeconds.toFixed(1)),
      rssSeries: this.series,
    };
  }

  private sample(): void {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const ticks = cpuTicks(this.pid);
      const now = performance.now();
      this.lastRssKb = statusKb(status, 'VmRSS');
      this.series.push([
        Number(((now - this.startedAt) / 1000).toFixed(1)),
        Number(((this.lastRssKb * 1024) / 1e6).toFixed(1)),
      ]);
      this.maxRssKb = Math.max(this.maxRssKb, this.lastRssKb);
      this.hwmKb = Math.max(this.hwmKb, statusKb(status, 'VmHWM'));
      const seconds = (now - this.windowAt) / 1000;
      if (seconds >= 0.2) {
        this.peakCpu = Math.max(this.peakCpu, ((ticks - this.windowTicks) / ticksPerSecond() / seconds) * 100);
        this.windowTicks = ticks;
        this.windowAt = now;
      }
      this.lastTicks = ticks;
      this.samples += 1;
    } catch {
      // The process has exited: the figures so far stand.
    }
  }
}
