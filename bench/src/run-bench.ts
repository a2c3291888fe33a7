// `npm run bench`: runs the benchmarks (full or --short) against fresh local stacks and writes
// bench/results/*.json and the markdown summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findOrBuildTemporalCli } from '@crs-export/dev-temporal';
import { benchScenario, type TargetGroup } from './bench-scenario';
import { SECTIONS, type BenchResults, type SectionName, type SectionOutcome } from './bench-results';
import { startBenchStack, type BenchStack } from './bench-stack';
import { runE2eOverhead } from './e2e-overhead';
import { collectMachineInfo } from './machine-info';
import { pollingCostGroups, runPollingCost, type PollingCostPlan } from './polling-cost';
import { renderSummary } from './report';
import { runScale, type ScaleVariantResult, type ScaleWorkerVariant } from './scale';
import { runStartThroughput } from './start-throughput';

const USAGE = `usage: npm run bench [-- --short] [-- --only start-throughput,e2e-overhead,scale,polling-cost]

  --short   the quick run CI uses (BENCH_SHORT=1 does the same): small sizes, a few minutes
  --only    run only the named benchmarks (comma-separated)
Results: bench/results/latest.json and summary.md (full run), latest-short.json and summary-short.md
(short run), latest[-short]-partial.* (--only), and a dated copy of each in bench/results/runs/.`;

interface BenchPlan {
  startLevels: number[];
  startMeasureMs: number;
  startWarmupMs: number;
  e2ePairs: number;
  e2eWarmupPairs: number;
  polling: PollingCostPlan;
  scaleGroups: TargetGroup[];
}

const FULL_PLAN: BenchPlan = {
  startLevels: [1, 8, 32, 64],
  startMeasureMs: 20_000,
  startWarmupMs: 3_000,
  e2ePairs: 200,
  e2eWarmupPairs: 10,
  polling: { durationsSeconds: [10, 100, 1000], timeScale: 2, exportsPerPoint: 5, manyPolls: 100 },
  scaleGroups: [
    { code: 'k1', count: 1000, exportDurationMs: 60_000 },
    { code: 'k2', count: 2000, exportDurationMs: 60_000 },
  ],
};

const SHORT_PLAN: BenchPlan = {
  startLevels: [1, 8, 32],
  startMeasureMs: 4_000,
  startWarmupMs: 1_000,
  e2ePairs: 20,
  e2eWarmupPairs: 3,
  // The 1,000 s point takes 500 s even time-scaled (see polling-cost.ts): only the full run has it.
  polling: { durationsSeconds: [10, 100], timeScale: 2, exportsPerPoint: 3, manyPolls: 20 },
  scaleGroups: [{ code: 'k1', count: 200, exportDurationMs: 20_000 }],
};

/** The poll schedule of the end-to-end comparison: quick, so that waiting does not hide the overhead. */
const E2E_POLLING = { initialIntervalMs: 10, backoffCoefficient: 2, maximumIntervalMs: 1_000, deadlineMs: 60_000 };

/**
 * Service settings. The simulator is local, so Tencent's per-account rate limits (CRS_RATE_LIMITS) are lifted
 * unless BENCH_CRS_RATE_LIMITS says otherwise: with them, 1,000 exports' ~10 calls each would take minutes of
 * calls. The API's per-key limit (600/min by default) is lifted for the load test.
 */
const SERVICE_ENV: Record<string, string> = {
  CRS_RATE_LIMITS: process.env['BENCH_CRS_RATE_LIMITS'] ?? 'off',
  // The plain-script baseline speaks v2 (ExportRedisBackup, DescribeTaskInfo, GetBackupDownloadUrl).
  CRS_API_VERSION: process.env['BENCH_CRS_API_VERSION'] ?? '2',
  API_RATE_LIMIT_PER_MINUTE: '1000000',
};

/**
 * The API logs at warn: a line per request would be piped through this process, which also generates the
 * load. The worker keeps info: the stack waits for its "worker started" line, and it logs once per export.
 */
const API_ENV: Record<string, string> = { LOG_LEVEL: 'warn' };

const rootDir = resolve(__dirname, '..', '..');
const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

function sectionCommand(short: boolean, section: SectionName): string {
  return `npm run bench -- ${short ? '--short ' : ''}--only ${section}`;
}

/** The worker's Node options, e.g. `--max-old-space-size=512` (which also sizes the SDK's workflow cache). */
const WORKER_NODE_OPTIONS = process.env['BENCH_WORKER_NODE_OPTIONS'] ?? '';

function workerEnv(): Record<string, string> {
  return WORKER_NODE_OPTIONS ? { NODE_OPTIONS: WORKER_NODE_OPTIONS } : {};
}

/** The worker configurations the scale benchmark compares. */
function workerVariants(): ScaleWorkerVariant[] {
  return [
    {
      name: 'default',
      description: 'the worker as shipped (libs/config defaults: WORKER_MAX_CACHED_WORKFLOWS 250)',
      env: workerEnv(),
    },
    {
      name: 'lean',
      description:
        'WORKER_MAX_CACHED_WORKFLOWS=70 (an evicted export replays its 34-event history on its next task), ' +
        'NODE_OPTIONS=--max-old-space-size=320 so V8 collects before its heap grows, and MALLOC_ARENA_MAX=2 ' +
        'against glibc arena growth in the native threads',
      env: { WORKER_MAX_CACHED_WORKFLOWS: '70', NODE_OPTIONS: '--max-old-space-size=320', MALLOC_ARENA_MAX: '2' },
    },
  ];
}

function workerSettings(): Record<string, string> {
  const keys = [
    'WORKER_MAX_CONCURRENT_ACTIVITIES',
    'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
    'WORKER_MAX_CACHED_WORKFLOWS',
  ];
  return {
    ...SERVICE_ENV,
    ...Object.fromEntries(keys.map((key) => [key, process.env[key] ?? 'default (libs/config)'])),
    workerNodeOptions: WORKER_NODE_OPTIONS || 'none',
    workflowBundle: 'prebuilt (WORKFLOW_BUNDLE_PATH)',
  };
}

async function timed<T>(
  short: boolean,
  section: SectionName,
  settings: Record<string, unknown>,
  body: () => Promise<T>,
): Promise<SectionOutcome<T>> {
  const started = performance.now();
  log(`${section}: starting`);
  try {
    const result = await body();
    return {
      command: sectionCommand(short, section),
      settings,
      durationSeconds: seconds(started),
      result,
      error: null,
    };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${section} FAILED: ${message}`);
    return {
      command: sectionCommand(short, section),
      settings,
      durationSeconds: seconds(started),
      result: null,
      error: message,
    };
  }
}

function seconds(since: number): number {
  return Number(((performance.now() - since) / 1000).toFixed(1));
}

async function withStack<T>(start: () => Promise<BenchStack>, body: (bench: BenchStack) => Promise<T>): Promise<T> {
  const bench = await start();
  try {
    return await body(bench);
  } finally {
    await bench.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { short: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const short = values.short === true || process.env['BENCH_SHORT'] === '1';
  const only = values.only ? values.only.split(',').map((name) => name.trim()) : [...SECTIONS];
  const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const wanted = new Set(only as SectionName[]);
  const basePlan = short ? SHORT_PLAN : FULL_PLAN;
  const sizes = process.env['BENCH_SCALE_SIZES']
    ?.split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 5000);
  const plan: BenchPlan = sizes?.length
    ? {
        ...basePlan,
        scaleGroups: sizes.map((count, i) => ({
          code: `k${i + 1}`,
          count,
          exportDurationMs: basePlan.scaleGroups[0]?.exportDurationMs ?? 60_000,
        })),
      }
    : basePlan;
  const started = performance.now();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const workDir = join(rootDir, 'tmp', 'bench', stamp);
  const cli = await findOrBuildTemporalCli();
  if (!cli) throw new Error('no Temporal CLI: put `temporal` on PATH or install Go 1.25+ (see README)');
  const machine = collectMachineInfo(rootDir, cli.path);
  log(
    `${short ? 'short' : 'full'} run on ${machine.cores} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.temporalCli}`,
  );
  const results: BenchResults = {
    mode: short ? 'short' : 'full',
    command: `npm run bench${short || values.only ? ' --' : ''}${short ? ' --short' : ''}${values.only ? ` --only ${only.join(',')}` : ''}`,
    partial: values.only !== undefined,
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    machine,
    sections: {},
  };

  if (wanted.has('start-throughput')) {
    const settings = {
      services: 'Temporal dev server (in memory) + API; no worker',
      concurrency: plan.startLevels,
      measureMsPerSide: plan.startMeasureMs,
      ...SERVICE_ENV,
      api: API_ENV,
    };
    results.sections['start-throughput'] = await timed(short, 'start-throughput', settings, () =>
      withStack(
        () =>
          startBenchStack({
            rootDir,
            workDir: join(workDir, 'start'),
            services: ['temporal', 'api'],
            scenario: null,
            env: SERVICE_ENV,
            serviceEnv: { api: API_ENV },
            temporalCliPath: cli.path,
            log,
          }),
        (bench) =>
          runStartThroughput({
            apiUrl: bench.stack.urls.api,
            apiKey: bench.apiKey,
            client: bench.client,
            taskQueue: bench.stack.taskQueue,
            concurrencyLevels: plan.startLevels,
            measureMs: plan.startMeasureMs,
            warmupMs: plan.startWarmupMs,
            maxRequestsPerHalf: 100_000,
            log,
          }),
      ),
    );
  }

  const e2eCount = plan.e2ePairs + plan.e2eWarmupPairs;
  const scenario = benchScenario([
    { code: 'es', count: e2eCount, exportDurationMs: 0 },
    { code: 'ew', count: e2eCount, exportDurationMs: 0 },
    ...pollingCostGroups(plan.polling),
    ...plan.scaleGroups,
  ]);
  const workerStack = (name: string, env: Record<string, string>) => () =>
    startBenchStack({
      rootDir,
      workDir: join(workDir, name),
      // The API is not needed: these exports start through the Temporal client.
      services: ['temporal', 'worker'],
      scenario,
      env: SERVICE_ENV,
      serviceEnv: { worker: env },
      temporalCliPath: cli.path,
      log,
    });

  if (wanted.has('e2e-overhead') || wanted.has('polling-cost')) {
    log('starting Temporal and the worker');
    await withStack(workerStack('worker', workerEnv()), async (bench) => {
      const simulator = bench.simulator;
      if (!simulator) throw new Error('the simulator did not start');
      const common = { client: bench.client, taskQueue: bench.stack.taskQueue, log };
      if (wanted.has('e2e-overhead')) {
        const settings = {
          pairs: plan.e2ePairs,
          warmupPairs: plan.e2eWarmupPairs,
          exportDurationMs: 0,
          polling: E2E_POLLING,
          ...workerSettings(),
        };
        results.sections['e2e-overhead'] = await timed(short, 'e2e-overhead', settings, () =>
          runE2eOverhead({
            ...common,
            crsEndpoint: simulator.endpoint,
            scriptCode: 'es',
            workflowCode: 'ew',
            pairs: plan.e2ePairs,
            warmupPairs: plan.e2eWarmupPairs,
            polling: E2E_POLLING,
          }),
        );
      }
      if (wanted.has('polling-cost')) {
        const settings = { ...plan.polling, ...workerSettings() };
        results.sections['polling-cost'] = await timed(short, 'polling-cost', settings, () =>
          runPollingCost({ ...common, ...plan.polling, simulator }),
        );
      }
    });
  }

  if (wanted.has('scale')) {
    const variants = workerVariants();
    const settings = {
      groups: plan.scaleGroups,
      polling: 'DEFAULT_POLLING_POLICY (2 s, x2, max 60 s)',
      variants: variants.map(({ name, env }) => ({ name, env })),
      ...workerSettings(),
    };
    results.sections.scale = await timed(short, 'scale', settings, async () => {
      const outcomes: ScaleVariantResult[] = [];
      for (const variant of variants) {
        log(`scale, worker ${variant.name}: starting Temporal and the worker`);
        const runs = await withStack(workerStack(`scale-${variant.name}`, variant.env), async (bench) => {
          if (!bench.simulator) throw new Error('the simulator did not start');
          return runScale({
            client: bench.client,
            taskQueue: bench.stack.taskQueue,
            log: (line) => log(`[${variant.name}] ${line}`),
            stack: bench.stack,
            simulator: bench.simulator,
            groups: plan.scaleGroups,
            startConcurrency: 32,
            graceMs: 5 * 60_000,
          });
        });
        outcomes.push({ variant: variant.name, description: variant.description, workerEnv: variant.env, runs });
      }
      return outcomes;
    });
  }

  results.durationSeconds = seconds(started);
  writeResults(results, stamp);
  const failed = Object.values(results.sections).filter((section) => section.error !== null).length;
  log(`done in ${results.durationSeconds} s${failed > 0 ? `; ${failed} benchmark(s) FAILED` : ''}`);
  return failed > 0 ? 1 : 0;
}

function writeResults(results: BenchResults, stamp: string): void {
  const dir = join(rootDir, 'bench', 'results');
  const runs = join(dir, 'runs');
  mkdirSync(runs, { recursive: true });
  // A partial run (--only) never replaces the last complete run's files.
  const suffix = `${results.mode === 'short' ? '-short' : ''}${results.partial ? '-partial' : ''}`;
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const markdown = renderSummary(results);
  writeFileSync(join(dir, `latest${suffix}.json`), json);
  writeFileSync(join(dir, `summary${suffix}.md`), markdown);
  const dated = `${stamp}-${results.mode}${results.partial ? '-partial' : ''}`;
  writeFileSync(join(runs, `${dated}.json`), json);
  writeFileSync(join(runs, `${dated}.md`), markdown);
  log(`wrote bench/results/latest${suffix}.json, bench/results/summary${suffix}.md and bench/results/runs/${dated}.*`);
}

export function runBench(): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
