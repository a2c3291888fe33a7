// The load generator of the start benchmark, a process of its own: the same HTTP client (keep-alive agent, the
// same JSON body) against the API's POST /exports and the raw server's, in halves ordered API, raw, raw, API at
// each concurrency, every request a new export. Prints one JSON line (StartLoadResult) and exits.
// Run by start-throughput.ts: node tools/run-ts.cjs bench/src/start-load.ts '<StartLoadPlan as JSON>'
import { Agent, request } from 'node:http';
import { targetOf } from './bench-scenario';
import { runLoadLoop, type LoadLoopResult } from './load-loop';
import { summarize } from './percentiles';
import type { StartLoadPlan, StartLoadResult, StartSide, StartSideResult, StartTarget } from './start-load-plan';

function post(target: StartTarget, agent: Agent, index: number): Promise<void> {
  const body = JSON.stringify(targetOf(target.code, index));
  return new Promise((resolve, reject) => {
    const req = request(
      `${target.url}/exports`,
      {
        method: 'POST',
        agent,
        headers: { ...target.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode === 201) resolve();
          else
            reject(
              new Error(`POST /exports answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`),
            );
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function sideResult(halves: LoadLoopResult[]): StartSideResult {
  const latencies = halves.flatMap((half) => half.latenciesMs);
  const elapsedMs = halves.reduce((total, half) => total + half.elapsedMs, 0);
  return {
    requests: latencies.length,
    errors: halves.reduce((total, half) => total + half.errors, 0),
    errorSamples: halves.flatMap((half) => half.errorSamples).slice(0, 5),
    requestsPerSecond: Number(((latencies.length / elapsedMs) * 1000).toFixed(1)),
    latencyMs: summarize(latencies),
  };
}

const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as StartLoadPlan;
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, ...plan.levels) });
  const nextIndex: Record<StartSide, number> = { api: 0, raw: 0 };
  const run = async (side: StartSide, concurrency: number, durationMs: number): Promise<LoadLoopResult> => {
    const target = plan.targets[side];
    if (!target) throw new Error(`no ${side} target in the plan`);
    const result = await runLoadLoop(
      { concurrency, durationMs, maxRequests: plan.maxRequestsPerHalf, call: (index) => post(target, agent, index) },
      nextIndex[side],
    );
    nextIndex[side] = result.nextIndex;
    return result;
  };
  const sides = (['api', 'raw'] as const).filter((side) => plan.targets[side]);
  // Warm both paths (JIT, sockets, the servers' gRPC channels) before anything is measured.
  for (const side of sides) await run(side, plan.mode === 'window' ? 1 : 8, plan.warmupMs);
  const output: StartLoadResult = { levels: [], window: null };
  if (plan.mode === 'window') {
    const side = sides[0] ?? 'api';
    if (plan.profileSignalPid !== undefined) {
      process.kill(plan.profileSignalPid, 'SIGWINCH');
      // The profiler starts through the inspector's message loop: give it a moment before the window opens.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const startUs = monotonicUs();
    const half = await run(side, 1, plan.halfMs);
    const endUs = monotonicUs();
    if (plan.profileSignalPid !== undefined) process.kill(plan.profileSignalPid, 'SIGWINCH');
    output.window = { startUs, endUs, side: sideResult([half]) };
  } else {
    for (const concurrency of plan.levels) {
      const halves: Record<StartSide, LoadLoopResult[]> = { api: [], raw: [] };
      for (const side of ['api', 'raw', 'raw', 'api'] as const)
        halves[side].push(await run(side, concurrency, plan.halfMs));
      const level = { concurrency, api: sideResult(halves.api), raw: sideResult(halves.raw) };
      process.stderr.write(
        `c=${concurrency}: api ${level.api.requestsPerSecond}/s p50 ${level.api.latencyMs.p50} ms p99 ${level.api.latencyMs.p99} ms; ` +
          `raw ${level.raw.requestsPerSecond}/s p50 ${level.raw.latencyMs.p50} ms p99 ${level.raw.latencyMs.p99} ms\n`,
      );
      output.levels.push(level);
    }
  }
  agent.destroy();
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
