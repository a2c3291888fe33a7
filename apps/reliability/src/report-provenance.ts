// Which commit a report measured, and whether a committed report is still about the code: the report
// names its commit (and "dirty" when the tree had changes); the committed copy is stale once apps/, libs/
// or workflows/ changed after that commit (their READMEs aside).
import { execFileSync } from 'node:child_process';

export interface Provenance {
  /** 40 hex digits, or `unknown` outside a git checkout. */
  commit: string;
  /** The working tree differed from the commit (tracked changes or untracked files). */
  dirty: boolean;
}

/** The code a reliability report measures; a change under these (documentation aside) makes it stale. */
export const MEASURED_PATHS = ['apps', 'libs', 'workflows'] as const;
const DOCUMENTATION = ':(exclude,glob)**/*.md';

function git(rootDir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function provenanceOf(rootDir: string): Provenance {
  try {
    const commit = git(rootDir, ['rev-parse', 'HEAD']);
    const dirty = git(rootDir, ['status', '--porcelain', '--untracked-files=normal']).length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}

export function describeProvenance(provenance: Provenance): string {
  return provenance.dirty ? `${provenance.commit} (dirty)` : provenance.commit;
}

/** The machine-readable line every report carries (an HTML comment: invisible when rendered). */
export function provenanceMarker(topology: string, provenance: Provenance, complete: boolean): string {
  return `<!-- reliability-report topology=${topology} commit=${provenance.commit} dirty=${provenance.dirty} complete=${complete} -->`;
}

export interface ReportMarker {
  topology: string;
  commit: string;
  dirty: boolean;
  complete: boolean;
}

export function readMarkers(report: string): ReportMarker[] {
  const pattern = /<!-- reliability-report topology=(\S+) commit=(\S+) dirty=(true|false) complete=(true|false) -->/g;
  return [...report.matchAll(pattern)].map((match) => ({
    topology: match[1] ?? '',
    commit: match[2] ?? '',
    dirty: match[3] === 'true',
    complete: match[4] === 'true',
  }));
}

/**
 * What is wrong with a committed report (empty when nothing): it must hold a complete, clean run of each
 * topology, all from one commit of this history, after which nothing it measures changed.
 */
export function reportStaleness(
  rootDir: string,
  report: string,
  topologies: readonly string[] = ['dev', 'production'],
): string[] {
  const markers = readMarkers(report);
  const problems: string[] = [];
  for (const topology of topologies) {
    const found = markers.filter((marker) => marker.topology === topology);
    if (found.length === 0) problems.push(`no ${topology} run in the report`);
    for (const marker of found) {
      if (marker.dirty) problems.push(`the ${topology} run was made on a dirty tree (commit ${marker.commit})`);
      if (!marker.complete) problems.push(`the ${topology} run did not run every scenario or did not pass`);
    }
  }
  const commits = [...new Set(markers.map((marker) => marker.commit))];
  if (commits.length > 1) problems.push(`the runs name different commits: ${commits.join(', ')}`);
  const commit = commits[0];
  if (!commit) return problems;
  try {
    git(rootDir, ['merge-base', '--is-ancestor', commit, 'HEAD']);
  } catch {
    return [...problems, `commit ${commit} is not in this branch's history (or the clone is too shallow to tell)`];
  }
  const later = git(rootDir, ['log', '--format=%h %s', `${commit}..HEAD`, '--', ...MEASURED_PATHS, DOCUMENTATION]);
  if (later.length > 0) {
    const changes = later.split('\n');
    problems.push(
      `the code it measures changed after ${commit.slice(0, 12)} in ${changes.length} commit(s), newest: ${changes[0] ?? ''}`,
    );
  }
  return problems;
}
