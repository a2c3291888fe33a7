// The committed report's freshness check, against a real git repository made for the test: a report from
// the last commit that changed the code passes; a later code change, a dirty run, a missing topology or a
// commit outside the history each fail with a reason. README changes do not count as code.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenanceMarker, provenanceOf, readMarkers, reportStaleness } from '../src/report-provenance';

const repo = mkdtempSync(join(tmpdir(), 'reliability-provenance-'));
const git = (...args: string[]): string =>
  execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.test',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.test',
    },
  }).trim();
const commitFile = (path: string, text: string, message: string): string => {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
  git('add', path);
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
};
const reportOf = (commit: string, options: { dirty?: boolean; complete?: boolean; topologies?: string[] } = {}) =>
  (options.topologies ?? ['dev', 'production'])
    .map((topology) => provenanceMarker(topology, { commit, dirty: options.dirty ?? false }, options.complete ?? true))
    .join('\n# report\n');

let measured: string;

beforeAll(() => {
  git('init', '-q');
  measured = commitFile('apps/api/src/main.ts', 'one', 'code');
  commitFile('docs/reliability-report.md', reportOf(measured), 'report');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('reportStaleness', () => {
  it('accepts a clean, complete report of both topologies from the last commit that changed the code', () => {
    expect(reportStaleness(repo, reportOf(measured))).toEqual([]);
    // A README is documentation, not measured code.
    commitFile('libs/contracts/README.md', 'docs', 'readme');
    expect(reportStaleness(repo, reportOf(measured))).toEqual([]);
  });

  it('names what is wrong: a dirty or incomplete run, a missing topology, two commits', () => {
    expect(reportStaleness(repo, reportOf(measured, { dirty: true }))).toContain(
      `the dev run was made on a dirty tree (commit ${measured})`,
    );
    expect(reportStaleness(repo, reportOf(measured, { complete: false }))).toContain(
      'the production run did not run every scenario or did not pass',
    );
    expect(reportStaleness(repo, reportOf(measured, { topologies: ['dev'] }))).toEqual([
      'no production run in the report',
    ]);
    const other = git('rev-parse', 'HEAD');
    const mixed = `${provenanceMarker('dev', { commit: measured, dirty: false }, true)}\n${provenanceMarker('production', { commit: other, dirty: false }, true)}`;
    expect(reportStaleness(repo, mixed).join('\n')).toContain('the runs name different commits');
  });

  it('fails once the code changed after the commit the report names, and for a commit outside the history', () => {
    commitFile('workflows/src/export-workflow.ts', 'changed', 'workflow change');
    expect(reportStaleness(repo, reportOf(measured))).toEqual([
      expect.stringMatching(
        /^the code it measures changed after [0-9a-f]{12} in 1 commit\(s\), newest: [0-9a-f]+ workflow change$/,
      ),
    ]);
    expect(reportStaleness(repo, reportOf('0'.repeat(40)))).toEqual([
      `commit ${'0'.repeat(40)} is not in this branch's history (or the clone is too shallow to tell)`,
    ]);
  });
});

describe('provenanceOf and readMarkers', () => {
  it('names HEAD and says whether the tree is dirty; the marker reads back', () => {
    const clean = provenanceOf(repo);
    expect(clean).toEqual({ commit: git('rev-parse', 'HEAD'), dirty: false });
    writeFileSync(join(repo, 'untracked.txt'), 'x');
    expect(provenanceOf(repo).dirty).toBe(true);
    rmSync(join(repo, 'untracked.txt'));
    expect(readMarkers(`text\n${provenanceMarker('production', clean, true)}\nmore`)).toEqual([
      { topology: 'production', commit: clean.commit, dirty: false, complete: true },
    ]);
  });
});
