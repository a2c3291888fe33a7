// Writes the summary's plots next to it as SVG: builds each chart's Vega-Lite spec from the run's figures and
// hands them to render-svg.mjs (a plain node process: vega is ESM with top-level await). Returns the file names.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { BenchResults } from '../bench-results';
import { TARGET_RSS_MB } from '../targets';
import { archiveThroughputSpec, fleetSpec, pollingCostSpec, startThroughputSpec, workerRssSpec } from './plot-specs';

/** The charts a run has figures for: file name (without suffix) and spec. */
export function plotsOf(results: BenchResults): { name: string; spec: TopLevelSpec }[] {
  const s = results.sections;
  const plots: { name: string; spec: TopLevelSpec }[] = [];
  const start = s['start-throughput']?.result;
  if (start && start.levels.length > 0)
    plots.push({ name: 'start-throughput', spec: startThroughputSpec(start.levels) });
  const scale = s.scale?.result;
  if (scale && scale.length > 0) plots.push({ name: 'worker-rss', spec: workerRssSpec(scale, TARGET_RSS_MB) });
  const polling = s['polling-cost']?.result;
  if (polling) plots.push({ name: 'polling-cost', spec: pollingCostSpec(polling) });
  const fleet = s.fleet?.result;
  if (fleet) plots.push({ name: 'fleet', spec: fleetSpec(fleet) });
  const archive = s.archive?.result;
  if (archive) plots.push({ name: 'archive-throughput', spec: archiveThroughputSpec(archive) });
  return plots;
}

export async function renderPlots(
  results: BenchResults,
  dir: string,
  suffix: string,
  rootDir: string,
): Promise<string[]> {
  const jobs = plotsOf(results).map(({ name, spec }) => ({ file: join(dir, `${name}${suffix}.svg`), spec }));
  if (jobs.length === 0) return [];
  await new Promise<void>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(rootDir, 'bench', 'src', 'plots', 'render-svg.mjs')],
      { cwd: rootDir, timeout: 120_000, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`rendering the plots failed: ${stderr || error.message}`)) : resolve(),
    );
    child.stdin?.end(JSON.stringify(jobs));
  });
  return jobs.map((job) => job.file.slice(dir.length + 1));
}
