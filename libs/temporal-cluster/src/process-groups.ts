// Process families seen through /proc: a group's members and descendants, their RSS, and what a killed run left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { processGroupAlive } from '@crs-export/process-supervisor';

interface ProcEntry {
  pid: number;
  ppid: number;
  pgrp: number;
}

function procEntries(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const entries: ProcEntry[] = [];
  for (const name of names) {
    try {
      // Fields after the parenthesised command: state ppid pgrp ...
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      entries.push({ pid: Number(name), ppid: Number(fields[1]), pgrp: Number(fields[2]) });
    } catch {
      // The process exited while we looked.
    }
  }
  return entries;
}

/**
 * The processes of the group led by leader, and every descendant of the leader. PostgreSQL puts each of its
 * child processes in a process group of its own (setsid), so the group alone would miss its backends.
 */
export function processFamily(leader: number): number[] {
  const entries = procEntries();
  const family = new Set(entries.filter((entry) => entry.pgrp === leader).map((entry) => entry.pid));
  if (entries.some((entry) => entry.pid === leader)) family.add(leader);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of entries) {
      if (!family.has(entry.pid) && family.has(entry.ppid)) {
        family.add(entry.pid);
        grew = true;
      }
    }
  }
  return [...family];
}

export interface GroupMemory {
  processes: number;
  /** Sum of VmRSS: pages shared between the processes (PostgreSQL's shared buffers) count once per process. */
  rssBytes: number;
  /** Sum of PSS (each shared page split between its sharers): what the family really occupies. */
  pssBytes: number;
}

export function processFamilyMemory(leader: number): GroupMemory {
  const members = processFamily(leader);
  let rssBytes = 0;
  let pssBytes = 0;
  for (const pid of members) {
    rssBytes += kilobytesField(`/proc/${pid}/status`, 'VmRSS') * 1024;
    pssBytes += kilobytesField(`/proc/${pid}/smaps_rollup`, 'Pss') * 1024;
  }
  return { processes: members.length, rssBytes, pssBytes };
}

function kilobytesField(file: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(file, 'utf8'));
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    // Exited meanwhile, or not readable.
    return 0;
  }
}

/** SIGKILL to the group led by leader and to each of the leader's descendants (PostgreSQL's backends too). */
export function killFamily(leader: number): void {
  const family = processFamily(leader);
  for (const target of [-leader, ...family]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

/**
 * SIGKILLs the process groups of a previous run on this data directory whose supervisor is gone (they hold
 * its ports and PostgreSQL's lock). Only groups whose leader's command line names the directory are touched:
 * a recycled pid belongs to someone else. Returns the pids it stopped.
 */
export async function stopLeftoverGroups(pids: readonly number[], dataDir: string): Promise<number[]> {
  const stopped: number[] = [];
  for (const pid of pids) {
    if (!processGroupAlive(pid) || !(commandLineOf(pid) ?? '').includes(dataDir)) continue;
    killFamily(pid);
    stopped.push(pid);
  }
  const deadline = Date.now() + 10_000;
  while (stopped.some((pid) => processGroupAlive(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return stopped;
}
