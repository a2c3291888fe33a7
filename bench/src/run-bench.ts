// `npm run bench`: runs the benchmarks (full or --short) against fresh local stacks, one per benchmark, and
// writes bench/results/*.json, the plots and the markdown summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findOrBuildTemporalCli } from '@crs-export/dev-temporal';
import { buildWorkflowBundleFile } from '@crs-export/local-stack';
import { profilableApiEnv } from './api-profile';
import { ARCHIVE_RUNNER } from './archive-throughput';
import { FULL_PLAN, SHORT_PLAN, withSizeOverrides, type BenchPlan } from './bench-plan';
import { SECTIONS, type BenchResults, type SectionName, type SectionOutcome } from './bench-results';
import { benchScenario, targetsOf, type ScenarioOptions, type TargetGroup } from './bench-scenario';
import { withBenchStack, type BenchStack, type BenchStackOptions, type RateLimitSetting } from './bench-stack';
import { runE2eOverhead } from './e2e-overhead';
import { runFleet } from './fleet';
import { collectMachineInfo, loadAverage } from './machine-info';
import { renderPlots } from './plots/render-plots';
import { pollingWorkflowGroups, runPollingCost } from './polling-cost';
import { renderSummary } from './report';
import { runScale, type ScaleVariantResult } from './scale';
import { runStartThroughput } from './start-throughput';
import { parseVariants, PREVIOUS, SHIPPED, variantEnv, type WorkerVariant } from './worker-variants';

const USAGE = `usage: npm run bench [-- --short] [-- --only ${SECTIONS.join(',')}]

  --short   the quick run CI uses (BENCH_SHORT=1 does the same): small sizes, a few minutes
  --only    run only the named benchmarks (comma-separated)
Results: bench/results/latest.json, summary.md and the plots (full run), latest-short.json, summary-short.md
(short run), latest[-short]-partial.* (--only), and a dated copy of the JSON and summary in bench/results/runs/.`;

/** The poll schedule of the end-to-end comparison: quick, so that waiting does not hide the overhead. */
const E2E_POLLING = { initialIntervalMs: 10, backoffCoefficient: 2, maximumIntervalMs: 1_000, deadlineMs: 60_000 };

/**
 * The API logs at warn during the load test (a line per request would be most of its work); the worker keeps
 * info: the stack waits for its "worker started" line, and it logs once per export.
 */
const API_ENV: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };

const rootDir = resolve(__dirname, '..', '..');
const resultsDir = join(rootDir, 'bench', 'results');
const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

interface RunContext {
  short: boolean;
  plan: BenchPlan;
  workDir: string;
  suffix: string;
  temporalCliPath: string;
  bundle: () => Promise<string>;
}

function sectionCommand(short: boolean, section: SectionName): string {
  return `npm run bench -- ${short ? '--short ' : ''}--only ${section}`;
}

async function timed<T>(
  context: RunContext,
  section: SectionName,
  settings: Record<string, unknown>,
  body: () => Promise<T>,
): Promise<SectionOutcome<T>> {
  const started = performance.now();
  const before = loadAverage();
  log(`${section}: starting (load average ${before.join(' ')})`);
  const outcome = (result: T | null, error: string | null): SectionOutcome<T> => {
    const after = loadAverage();
    log(`${section}: ${error ? 'FAILED' : 'done'} in ${seconds(started)} s (load average ${after.join(' ')})`);
    return {
      command: sectionCommand(context.short, section),
      settings,
      durationSeconds: seconds(started),
      loadAverage: { before, after },
      result,
      error,
    };
  };
  try {
    return outcome(await body(), null);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${section} FAILED: ${message}`);
    return outcome(null, message);
  }
}

function seconds(since: number): number {
  return Number(((performance.now() - since) / 1000).toFixed(1));
}

async function stackOptions(
  context: RunContext,
  name: string,
  groups: TargetGroup[] | null,
  scenario: Omit<ScenarioOptions, 'now'>,
  rateLimits: RateLimitSetting,
  workerEnv: NodeJS.ProcessEnv = {},
): Promise<BenchStackOptions> {
  return {
    rootDir,
    workDir: join(context.workDir, name),
    services: groups === null ? ['temporal', 'api'] : ['temporal', 'worker'],
    scenario: groups === null ? null : benchScenario(groups, { ...scenario, now: Date.now() }),
    rateLimits,
    serviceEnv: { api: API_ENV, worker: workerEnv },
    temporalCliPath: context.temporalCliPath,
    workflowBundle: groups === null ? null : await context.bundle(),
    log,
  };
}

const onDemand = (limits: RateLimitSetting): Omit<ScenarioOptions, 'now'> => ({
  clusterConversion: 'onDemand',
  enforceRateLimits: limits === 'tencent',
});

async function startThroughputSection(context: RunContext): Promise<BenchResults['sections']['start-throughput']> {
  const { start } = context.plan;
  const settings = {
    services:
      'Temporal dev server (in memory) + API + raw start server + load generator, each its own process; no worker',
    concurrency: start.levels,
    measureMsPerSide: start.measureMs,
    profile: { concurrency: 1, measureMs: start.profileMs, flags: '--cpu-prof (window cut to the measured load)' },
    api: { ...API_ENV, API_RATE_LIMIT_PER_MINUTE: '1000000' },
  };
  const rawProfile = join(context.workDir, 'start', 'api.cpuprofile');
  return timed(context, 'start-throughput', settings, async () => {
    const options = await stackOptions(context, 'start', null, onDemand('tencent'), 'tencent');
    options.serviceEnv = { api: { ...API_ENV, ...profilableApiEnv(rootDir, rawProfile) } };
    return withBenchStack(options, (bench) =>
      runStartThroughput({
        rootDir,
        bench,
        concurrencyLevels: start.levels,
        measureMs: start.measureMs,
        warmupMs: start.warmupMs,
        maxRequestsPerHalf: 200_000,
        profile: {
          warmupMs: start.profileWarmupMs,
          measureMs: start.profileMs,
          artifactPath: join(resultsDir, `api-cpu-profile${context.suffix}.cpuprofile`),
          rawProfile,
        },
        log,
      }),
    );
  });
}

function requireSimulator(bench: BenchStack): NonNullable<BenchStack['simulator']> {
  if (!bench.simulator) throw new Error('the simulator did not start');
  return bench.simulator;
}

async function e2eSection(context: RunContext): Promise<BenchResults['sections']['e2e-overhead']> {
  const { e2e } = context.plan;
  const count = e2e.pairs + e2e.warmupPairs;
  const groups: TargetGroup[] = [
    { code: 'es', count, exportDurationMs: 0 },
    { code: 'ew', count, exportDurationMs: 0 },
  ];
  const settings = {
    pairs: e2e.pairs,
    warmupPairs: e2e.warmupPairs,
    backups: 'cluster backups whose RDB files are ready (3.0 clusterConversion none): no wait',
    polling: E2E_POLLING,
    rateLimits: "CRS_RATE_LIMITS default (Tencent's), worker and script",
    worker: SHIPPED.description,
  };
  return timed(context, 'e2e-overhead', settings, async () =>
    withBenchStack(
      await stackOptions(context, 'e2e', groups, { clusterConversion: 'none', enforceRateLimits: true }, 'tencent'),
      (bench) =>
        runE2eOverhead({
          client: bench.client,
          taskQueue: bench.stack.taskQueue,
          simulator: requireSimulator(bench),
          scriptCode: 'es',
          workflowCode: 'ew',
          pairs: e2e.pairs,
          warmupPairs: e2e.warmupPairs,
          polling: E2E_POLLING,
          log,
        }),
    ),
  );
}

function scaleVariants(): WorkerVariant[] {
  const extra = process.env['BENCH_SCALE_VARIANTS'];
  return extra ? parseVariants(extra) : [SHIPPED, PREVIOUS];
}

async function scaleSection(context: RunContext): Promise<BenchResults['sections']['scale']> {
  const { scale } = context.plan;
  const group: TargetGroup = { code: 'k1', count: scale.exports, exportDurationMs: scale.conversionMs };
  const variants = scaleVariants();
  const settings = {
    exports: scale.exports,
    conversionMs: scale.conversionMs,
    polling: 'DEFAULT_POLLING_POLICY (2 s, x2, max 60 s)',
    rateLimits: 'off (worker and simulator): the most load a worker gets at once',
    variants: variants.map(({ name, env }) => ({ name, env })),
  };
  return timed(context, 'scale', settings, async () => {
    const outcomes: ScaleVariantResult[] = [];
    for (const variant of variants) {
      log(`scale, worker ${variant.name}: starting Temporal and the worker`);
      const options = await stackOptions(
        context,
        `scale-${variant.name}`,
        [group],
        onDemand('off'),
        'off',
        variantEnv(variant),
      );
      const run = await withBenchStack(options, (bench) =>
        runScale({
          client: bench.client,
          taskQueue: bench.stack.taskQueue,
          log: (line) => log(`[${variant.name}] ${line}`),
          stack: bench.stack,
          simulator: requireSimulator(bench),
          group,
          startConcurrency: scale.startConcurrency,
          graceMs: 5 * 60_000,
        }),
      );
      outcomes.push({ variant: variant.name, description: variant.description, workerEnv: variant.env, runs: [run] });
    }
    return outcomes;
  });
}

async function pollingSection(context: RunContext): Promise<BenchResults['sections']['polling-cost']> {
  const { polling } = context.plan;
  const settings = { ...polling, rateLimits: "Tencent's (worker, scripts and simulator)", worker: SHIPPED.description };
  return timed(context, 'polling-cost', settings, async () =>
    withBenchStack(
      await stackOptions(context, 'polling', pollingWorkflowGroups(polling), onDemand('tencent'), 'tencent'),
      (bench) =>
        runPollingCost({
          client: bench.client,
          taskQueue: bench.stack.taskQueue,
          simulator: requireSimulator(bench),
          plan: polling,
          log,
        }),
    ),
  );
}

async function fleetSection(context: RunContext): Promise<BenchResults['sections']['fleet']> {
  const { fleet } = context.plan;
  const group: TargetGroup = {
    code: 'fl',
    count: fleet.instances,
    exportDurationMs: fleet.conversionMs,
    namePrefix: 'fleet-',
  };
  const settings = {
    instances: fleet.instances,
    concurrency: fleet.concurrency,
    backup: 'latest (cluster backups converted on demand)',
    conversionMs: fleet.conversionMs,
    rateLimits: "CRS_RATE_LIMITS default (Tencent's); the simulator refuses calls over them",
    worker: SHIPPED.description,
  };
  return timed(context, 'fleet', settings, async () =>
    withBenchStack(await stackOptions(context, 'fleet', [group], onDemand('tencent'), 'tencent'), (bench) =>
      runFleet({
        stack: bench.stack,
        client: bench.client,
        simulator: requireSimulator(bench),
        taskQueue: bench.stack.taskQueue,
        instances: targetsOf(group).length,
        nameGlob: 'fleet-*',
        concurrency: fleet.concurrency,
        timeoutMs: 30 * 60_000,
        log,
      }),
    ),
  );
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
  const started = performance.now();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const partial = values.only !== undefined;
  const cli = await findOrBuildTemporalCli();
  if (!cli) throw new Error('no Temporal CLI: put `temporal` on PATH or install Go 1.25+ (see README)');
  const workDir = join(rootDir, 'tmp', 'bench', stamp);
  let bundle: Promise<string> | null = null;
  const context: RunContext = {
    short,
    plan: withSizeOverrides(short ? SHORT_PLAN : FULL_PLAN, process.env),
    workDir,
    suffix: `${short ? '-short' : ''}${partial ? '-partial' : ''}`,
    temporalCliPath: cli.path,
    // Built once per run, as the Docker image has it, so that no worker start spends seconds on webpack.
    bundle: () => (bundle ??= buildWorkflowBundleFile(rootDir, join(workDir, 'workflow-bundle.js'))),
  };
  const machine = collectMachineInfo(rootDir, cli.path);
  log(
    `${short ? 'short' : 'full'} run on ${machine.cores} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `${machine.temporalCli}, commit ${machine.git.commit ?? 'unknown'}${machine.git.dirty ? ' (dirty)' : ''}`,
  );
  const results: BenchResults = {
    mode: short ? 'short' : 'full',
    command: `npm run bench${short || partial ? ' --' : ''}${short ? ' --short' : ''}${partial ? ` --only ${only.join(',')}` : ''}`,
    partial,
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    machine,
    plots: [],
    sections: {},
  };
  const { sections } = results;
  if (wanted.has('start-throughput')) sections['start-throughput'] = await startThroughputSection(context);
  if (wanted.has('e2e-overhead')) sections['e2e-overhead'] = await e2eSection(context);
  if (wanted.has('scale')) sections.scale = await scaleSection(context);
  if (wanted.has('polling-cost')) sections['polling-cost'] = await pollingSection(context);
  if (wanted.has('fleet')) sections.fleet = await fleetSection(context);
  if (wanted.has('archive') && ARCHIVE_RUNNER) {
    const runner = ARCHIVE_RUNNER;
    sections.archive = await timed(context, 'archive', {}, () =>
      runner({ rootDir, workDir: join(workDir, 'archive'), short, log }),
    );
  }
  results.durationSeconds = seconds(started);
  try {
    results.plots = await renderPlots(results, resultsDir, context.suffix, rootDir);
  } catch (error) {
    log(`plots FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
  writeResults(results, stamp, context.suffix);
  const failed = Object.values(results.sections).filter((section) => section.error !== null).length;
  log(`done in ${results.durationSeconds} s${failed > 0 ? `; ${failed} benchmark(s) FAILED` : ''}`);
  return failed > 0 ? 1 : 0;
}

function writeResults(results: BenchResults, stamp: string, suffix: string): void {
  const runs = join(resultsDir, 'runs');
  mkdirSync(runs, { recursive: true });
  // A partial run (--only) never replaces the last complete run's files.
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(resultsDir, `latest${suffix}.json`), json);
  writeFileSync(join(resultsDir, `summary${suffix}.md`), renderSummary(results, { suffix, plotDir: '' }));
  const dated = `${stamp}-${results.mode}${results.partial ? '-partial' : ''}`;
  writeFileSync(join(runs, `${dated}.json`), json);
  // The dated copy's plots are the latest ones of its kind, one folder up (until a later run replaces them).
  writeFileSync(join(runs, `${dated}.md`), renderSummary(results, { suffix, plotDir: '../' }));
  log(
    `wrote bench/results/latest${suffix}.json, summary${suffix}.md, ${results.plots.length} plot(s) and runs/${dated}.*`,
  );
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
