// Resident memory of one process, from /proc (Linux): for the report's topology line.
import { readFileSync } from 'node:fs';

/** VmRSS in bytes, or null when the process is gone or /proc is not there. */
export function residentBytes(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function megabytes(bytes: number | null): string {
  return bytes === null ? '?' : `${Math.round(bytes / 1024 / 1024)} MB`;
}
