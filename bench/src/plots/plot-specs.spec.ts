// The summary's charts: each spec compiles with Vega-Lite, and render-svg.mjs turns specs into SVG files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compile } from 'vega-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallRates } from '../call-rates';
import type { FleetResult } from '../fleet';
import type { PollingCostResult } from '../polling-cost';
import type { ScaleVariantResult } from '../scale';
import type { StartLevelResult } from '../start-throughput';
import { archiveThroughputSpec, fleetSpec, pollingCostSpec, startThroughputSpec, workerRssSpec } from './plot-specs';

const dist = (p50: number) => ({ count: 10, min: p50, mean: p50, p50, p95: p50, p99: p50 * 2, max: p50 * 2 });
const side = (perSecond: number, p50: number) => ({
  requests: 100,
  errors: 0,
  errorSamples: [],
  requestsPerSecond: perSecond,
  latencyMs: dist(p50),
});
const LEVELS: StartLevelResult[] = [1, 8].map((concurrency) => ({
  concurrency,
  api: side(200, 4),
  raw: side(250, 3),
  throughputRatio: 0.8,
  p50LatencyRatio: 1.3,
  p99LatencyRatio: 1.3,
}));

const SCALE = [
  {
    variant: 'shipped',
    description: '',
    workerEnv: {},
    runs: [
      {
        exports: 10,
        worker: {
          rssSeries: [
            [0, 200],
            [1, 250],
          ],
        },
      },
    ],
  },
] as unknown as ScaleVariantResult[];

const POLLING: PollingCostResult = {
  timeScale: 2,
  points: [
    {
      poller: 'workflow',
      taskSeconds: 10,
      schedule: { initialIntervalMs: 2000, backoffCoefficient: 2, maximumIntervalMs: 60000 },
      exports: 2,
      polls: 4,
      crsCalls: 10,
      callsByAction: {},
      endLagSeconds: 4,
      endLagMaxSeconds: 4,
      clock: 'real (time-scaled)',
    },
  ],
  budgets: [{ taskSeconds: 10, calls: 7.3, endLagSeconds: 1 }],
};

const RATES: CallRates = {
  actions: [
    {
      action: 'DescribeBackupUrl',
      limit: 20,
      calls: 3,
      maxPerSecond: 2,
      maxAcceptedPerSecond: 2,
      maxInAnySecond: 2,
      refused: 0,
    },
  ],
  series: [
    [0, 'DescribeBackupUrl', 2],
    [1, 'DescribeBackupUrl', 1],
  ],
  withinLimits: true,
};

const SPECS = {
  'start-throughput': startThroughputSpec(LEVELS),
  'worker-rss': workerRssSpec(SCALE, 300),
  'polling-cost': pollingCostSpec(POLLING),
  fleet: fleetSpec({ instances: 3, rates: RATES } as FleetResult),
  'archive-throughput': archiveThroughputSpec({
    description: 'test',
    runs: [{ mode: 'archive', filesAtOnce: 1, bytes: 2 ** 20 * 10, seconds: 2 }],
  }),
};

const dir = mkdtempSync(join(tmpdir(), 'bench-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plot specs', () => {
  it.each(Object.entries(SPECS))('%s compiles to a Vega spec with its data', (_name, spec) => {
    const vega = compile(spec).spec;
    expect(JSON.stringify(vega.data)).toMatch(/"values"/);
  });

  it('renders to SVG files with render-svg.mjs', () => {
    const root = resolve(import.meta.dirname, '..', '..', '..');
    const jobs = Object.entries(SPECS).map(([name, spec]) => ({ file: join(dir, `${name}.svg`), spec }));
    execFileSync(process.execPath, [join(root, 'bench', 'src', 'plots', 'render-svg.mjs')], {
      input: JSON.stringify(jobs),
      cwd: root,
    });
    for (const job of jobs) {
      const svg = readFileSync(job.file, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('</svg>');
    }
    // The axis titles are drawn as text: the charts carry their labels.
    expect(readFileSync(join(dir, 'fleet.svg'), 'utf8')).toContain('calls in the second');
  });
});
