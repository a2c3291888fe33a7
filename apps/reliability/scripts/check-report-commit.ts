// For CI: fails (exit 1) when docs/reliability-report.md is not a clean, complete run of both topologies from
// the last commit that changed apps/, libs/ or workflows/ (READMEs aside). Refresh it with publish-report.ts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reportStaleness } from '../src/report-provenance';

const root = resolve(__dirname, '..', '..', '..');
const file = join(root, 'docs', 'reliability-report.md');
const problems = reportStaleness(root, readFileSync(file, 'utf8'));
if (problems.length === 0) {
  process.stdout.write('[reliability] docs/reliability-report.md is from the last commit that changed the code\n');
} else {
  process.stderr.write(
    `[reliability] docs/reliability-report.md is stale:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      '  Run both topologies on a clean tree at HEAD, then node tools/run-ts.cjs apps/reliability/scripts/publish-report.ts\n',
  );
  process.exitCode = 1;
}
