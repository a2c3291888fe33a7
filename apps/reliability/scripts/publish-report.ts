// Publishes the reports of the last runs (tmp/reliability/{dev,production}/report.md) as the committed copy,
// docs/reliability-report.md, once both are clean, complete runs of HEAD. A deliberate step of whoever
// commits; the suite itself never writes a tracked file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provenanceOf, readMarkers } from '../src/report-provenance';

const TOPOLOGIES = ['dev', 'production'] as const;
const root = resolve(__dirname, '..', '..', '..');
const head = provenanceOf(root);
const problems: string[] = [];
const sections: string[] = [];
for (const topology of TOPOLOGIES) {
  const file = join(root, 'tmp', 'reliability', topology, 'report.md');
  if (!existsSync(file)) {
    problems.push(`${file}: missing (RELIABILITY_TOPOLOGY=${topology} npm run test:reliability)`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  const [marker] = readMarkers(text);
  if (!marker) problems.push(`${file}: no provenance line`);
  else if (marker.commit !== head.commit) problems.push(`${file}: from ${marker.commit}, not HEAD ${head.commit}`);
  else if (marker.dirty) problems.push(`${file}: made on a dirty tree`);
  else if (!marker.complete) problems.push(`${file}: not every scenario ran and passed`);
  sections.push(text.trimEnd());
}
if (head.dirty) problems.push('the tree is dirty now: commit first, then run and publish');
if (problems.length > 0) {
  process.stderr.write(`[reliability] not published:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exitCode = 1;
} else {
  const intro = [
    '<!-- Published by apps/reliability/scripts/publish-report.ts from the runs of one clean commit; CI checks it',
    '     with apps/reliability/scripts/check-report-commit.ts. Do not edit by hand. -->',
    '',
  ];
  writeFileSync(
    join(root, 'docs', 'reliability-report.md'),
    `${[...intro, sections.join('\n\n---\n\n')].join('\n')}\n`,
  );
  process.stdout.write(`[reliability] docs/reliability-report.md: the dev and production runs of ${head.commit}\n`);
}
