// What tools/ci/check-dockerfile.ts proves about each image target once its stages are built: the runtime
// holds no devDependency, every package the compiled code requires is installed, and the target's own
// command (CMD/ENTRYPOINT, with the image's ENV) starts as a non-root user and does its first job: the API
// answers, the worker polls a real Temporal server, the simulator serves, the CLI prints its usage.
import { randomBytes } from 'node:crypto';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, chownSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createApiKey } from '@crs-export/api-keys';
import {
  freePort,
  httpProbe,
  logLineProbe,
  ServiceProcess,
  waitUntilReady,
  type ReadinessProbe,
  type ServiceExit,
} from '@crs-export/process-supervisor';
import { hostPath, imageEnv, type BuiltStage } from './check-dockerfile-build';

export interface ServiceCheckContext {
  /** The build context: its .env.example holds the placeholders the services must refuse. */
  contextDir: string;
  /** A real Temporal frontend (host:port) for the worker and the API. */
  temporalAddress: string;
  /** The service runs as this user when the check runs as root (files of the stage stay root's). */
  runAs: { uid: number; gid: number } | null;
  /** HOME of the service: an empty directory it owns. */
  homeDir: string;
  log: (line: string) => void;
}

/** Checks of one target: facts for the report; a failure throws. */
export type TargetCheck = (stage: BuiltStage, context: ServiceCheckContext) => Promise<string[]>;

const BUILTINS = new Set(builtinModules);
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  if (BUILTINS.has(specifier.split('/')[0] ?? '')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return /\.c?js$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The runtime's node_modules holds no package the lockfile marks dev-only, and every package the compiled
 * code under dist/ requires is in it (resolved from dist/, as Node will: the image's node_modules).
 */
export function checkProductionDependencies(stage: BuiltStage, lockfile: string): string[] {
  const app = hostPath(stage.root, stage.workdir);
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const devOnly = Object.entries(lock.packages)
    .filter(([path, entry]) => entry.dev === true && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path))
    .map(([path]) => path.slice('node_modules/'.length));
  const present = devOnly.filter((name) => existsSync(join(app, 'node_modules', name, 'package.json')));
  if (present.length > 0) {
    throw new Error(
      `the runtime image holds ${present.length} devDependencies (npm ci without --omit=dev?): ${present.slice(0, 12).join(', ')}${present.length > 12 ? ', ...' : ''}`,
    );
  }
  const files = jsFiles(join(app, 'dist'));
  if (files.length === 0) throw new Error(`no compiled JavaScript under ${stage.workdir}/dist`);
  const missing = new Map<string, string>();
  const required = new Set<string>();
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      const pkg = packageOf(match[1] ?? '');
      if (pkg === null) continue;
      required.add(pkg);
      if (!existsSync(join(app, 'node_modules', pkg, 'package.json')) && !missing.has(pkg))
        missing.set(pkg, file.slice(app.length));
    }
  }
  if (missing.size > 0) {
    throw new Error(
      `compiled code requires packages the runtime image does not have: ${[...missing].map(([pkg, from]) => `${pkg} (${from})`).join(', ')}`,
    );
  }
  return [
    `no devDependency among the runtime's packages (${devOnly.length} dev-only in the lockfile)`,
    `${files.length} compiled files require ${required.size} packages, all installed`,
  ];
}

/** The target's command as the image runs it: ENTRYPOINT + CMD in WORKDIR; `node` is the host's Node. */
function launch(
  stage: BuiltStage,
  context: ServiceCheckContext,
  name: string,
  env: Record<string, string>,
): ServiceProcess {
  const argv = [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])];
  const [program, ...rest] = argv;
  if (!program) throw new Error(`stage ${stage.name} has no CMD or ENTRYPOINT`);
  const service = new ServiceProcess({
    name,
    command: program === 'node' ? process.execPath : program,
    args: rest,
    cwd: hostPath(stage.root, stage.workdir),
    // The image's environment only: nothing of the test run's (NODE_OPTIONS, TEMPORAL_*, ...) leaks in.
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: context.homeDir, ...imageEnv(stage), ...env },
    logFile: null,
    tailLines: 80,
    onLine: (line) => context.log(`    ${name}: ${line.slice(0, 400)}`),
    ...(context.runAs ?? {}),
  });
  service.start();
  return service;
}

async function started(service: ServiceProcess, probe: ReadinessProbe): Promise<void> {
  await waitUntilReady(probe, { service: service.name, timeoutMs: START_TIMEOUT_MS, process: service });
}

async function stopped(service: ServiceProcess): Promise<ServiceExit> {
  const exit = await service.stop(STOP_TIMEOUT_MS);
  if (exit.escalated) throw new Error(`${service.name} did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
  return exit;
}

async function withService<T>(service: ServiceProcess, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${service.recentLines().join('\n')}`);
  } finally {
    await service.stop(STOP_TIMEOUT_MS).catch(() => undefined);
  }
}

async function exitOf(service: ServiceProcess, timeoutMs: number): Promise<ServiceExit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${service.name} did not exit within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([service.exited(), timeout]);
  } finally {
    clearTimeout(timer);
    await service.stop(STOP_TIMEOUT_MS).catch(() => undefined);
  }
}

async function status(url: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })).status;
}

function expectStatus(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: HTTP ${actual}, expected ${expected}`);
}

/** A codec key list (CODEC_KEYS) as the API, the worker and the codec server need it outside the demo. */
function codecKeys(): string {
  return `k-dockerfile-check:${randomBytes(32).toString('base64')}`;
}

/** The value .env.example gives a variable; it must be a change-me placeholder. */
function examplePlaceholder(context: ServiceCheckContext, name: string): string {
  const text = readFileSync(join(context.contextDir, '.env.example'), 'utf8');
  const value = new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1] ?? '';
  if (!/change-me/.test(value)) throw new Error(`.env.example's ${name} is not a change-me placeholder`);
  return value;
}

/** Starts the target with .env.example's placeholder for `name`: it must exit 1 naming the variable, not its value. */
async function refusesPlaceholder(
  stage: BuiltStage,
  context: ServiceCheckContext,
  name: string,
  env: Record<string, string>,
): Promise<string> {
  const placeholder = examplePlaceholder(context, name);
  const service = launch(stage, context, `${stage.name} (${name} placeholder)`, { ...env, [name]: placeholder });
  const exit = await exitOf(service, START_TIMEOUT_MS);
  const said = service.recentLines().join('\n');
  if (exit.code !== 1 || !said.includes(name) || !said.includes('placeholder') || said.includes(placeholder))
    throw new Error(
      `with .env.example's ${name}: exit ${exit.code ?? exit.signal}, expected 1 naming ${name}:\n${said}`,
    );
  return `refuses .env.example's ${name} placeholder at start (exit 1, names the variable)`;
}

/** A keys file with one key where the image's API_KEYS_FILE points (the compose volume), readable by the service. */
async function apiKeysFile(stage: BuiltStage, context: ServiceCheckContext): Promise<{ token: string; file: string }> {
  const file = imageEnv(stage)['API_KEYS_FILE'];
  if (!file) throw new Error('the api image sets no API_KEYS_FILE');
  const created = await createApiKey({ file, scopes: ['read'], note: 'tools/ci/check-dockerfile.ts' });
  if (context.runAs)
    for (const path of [created.file, created.pepperFile]) chownSync(path, context.runAs.uid, context.runAs.gid);
  return { token: created.token, file };
}

const api: TargetCheck = async (stage, context) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    CODEC_KEYS: codecKeys(),
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    TEMPORAL_ADDRESS: context.temporalAddress,
  };
  const facts = [await refusesPlaceholder(stage, context, 'CODEC_KEYS', env)];
  const { token } = await apiKeysFile(stage, context);
  const service = launch(stage, context, 'api', env);
  return withService(service, async () => {
    await started(service, httpProbe(`${base}/readyz`));
    const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths?: Record<string, unknown> };
    if (!openapi.paths?.['/exports']) throw new Error('GET /openapi.json has no /exports');
    expectStatus('GET /exports without a key', await status(`${base}/exports`), 401);
    expectStatus(
      'GET /exports with a key of the keys file',
      await status(`${base}/exports`, { headers: { authorization: `Bearer ${token}` } }),
      200,
    );
    await stopped(service);
    return [
      ...facts,
      'reads the keys file at its API_KEYS_FILE; answers /readyz (Temporal reachable), /openapi.json, 401 without a key, 200 with one; stops on SIGTERM',
    ];
  });
};

const codecServer: TargetCheck = async (stage, context) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const token = randomBytes(24).toString('base64url');
  const env = {
    CODEC_KEYS: codecKeys(),
    CODEC_SERVER_HOST: '127.0.0.1',
    CODEC_SERVER_PORT: String(port),
    CODEC_SERVER_TOKENS: token,
  };
  const facts = [await refusesPlaceholder(stage, context, 'CODEC_KEYS', env)];
  const service = launch(stage, context, 'codec-server', env);
  return withService(service, async () => {
    await started(service, httpProbe(`${base}/healthz`));
    const payloads = {
      payloads: [
        {
          metadata: { encoding: Buffer.from('json/plain').toString('base64') },
          data: Buffer.from('"x"').toString('base64'),
        },
      ],
    };
    const post = (path: string, auth: string | null): Promise<number> =>
      status(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(payloads),
      });
    expectStatus('POST /encode without a token', await post('/encode', null), 401);
    expectStatus('POST /encode with the token', await post('/encode', `Bearer ${token}`), 200);
    await stopped(service);
    return [...facts, 'serves /healthz, /encode only with its token; stops on SIGTERM'];
  });
};

const worker: TargetCheck = async (stage, context) => {
  const metricsPort = await freePort();
  const service = launch(stage, context, 'worker', {
    CODEC_KEYS: codecKeys(),
    TEMPORAL_ADDRESS: context.temporalAddress,
    TEMPORAL_TASK_QUEUE: `dockerfile-check-${randomBytes(4).toString('hex')}`,
    WORKER_METRICS_PORT: String(metricsPort),
    WORKER_METRICS_HOST: '127.0.0.1',
    WORKER_SHUTDOWN_GRACE_MS: '1000',
  });
  return withService(service, async () => {
    if (!stage.env['WORKFLOW_BUNDLE_PATH']) throw new Error('the worker image sets no WORKFLOW_BUNDLE_PATH');
    const ready = logLineProbe(service, /"msg":"worker started"/);
    await started(service, ready);
    expectStatus('GET /metrics', await status(`http://127.0.0.1:${metricsPort}/metrics`), 200);
    const exit = await stopped(service);
    if (exit.code !== 0) throw new Error(`the worker exited ${exit.code ?? exit.signal} on SIGTERM, expected 0`);
    return [
      `polls a real Temporal server with the prebuilt bundle (${stage.env['WORKFLOW_BUNDLE_PATH']})`,
      'serves /metrics; exits 0 on SIGTERM',
    ];
  });
};

const simulator: TargetCheck = async (stage, context) => {
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const base = `http://127.0.0.1:${port}`;
  const service = launch(stage, context, 'simulator', {
    CRS_SIM_HOST: '127.0.0.1',
    CRS_SIM_PORT: String(port),
    CRS_SIM_ADMIN_TOKEN: token,
  });
  return withService(service, async () => {
    await started(service, httpProbe(`${base}/_sim/healthz`));
    expectStatus('GET /_sim/state without the token', await status(`${base}/_sim/state`), 401);
    expectStatus(
      'GET /_sim/state with the token',
      await status(`${base}/_sim/state`, { headers: { authorization: `Bearer ${token}` } }),
      200,
    );
    expectStatus('GET a download path with a malformed % escape', await status(`${base}/download/%E0%A4%A.rdb`), 400);
    const exit = await stopped(service);
    if (exit.code !== 0) throw new Error(`the simulator exited ${exit.code ?? exit.signal} on SIGTERM, expected 0`);
    return ['serves /_sim/healthz, the admin routes only with the token, 400 for a malformed escape'];
  });
};

const cli: TargetCheck = async (stage, context) => {
  const service = launch(stage, context, 'cli', {});
  const exit = await exitOf(service, START_TIMEOUT_MS);
  const said = service.recentLines().join('\n');
  if (exit.code !== 0 || !said.includes('usage: crs-export'))
    throw new Error(`the CLI's default command: exit ${exit.code ?? exit.signal}, expected 0 and its usage:\n${said}`);
  return ['prints its usage (CMD --help), exit 0'];
};

/** Image targets and their checks; a target of the Dockerfile without one fails the check. */
export const TARGET_CHECKS: Record<string, TargetCheck> = { api, worker, 'codec-server': codecServer, simulator, cli };

/** An empty HOME owned by the user the services run as. */
export function serviceHome(dir: string, runAs: ServiceCheckContext['runAs']): string {
  mkdirSync(dir, { recursive: true });
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  return dir;
}

/** Node resolves packages from every parent directory: one above the stage would hide a missing package. */
export function assertNoParentNodeModules(dir: string): void {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules')))
      throw new Error(`${join(current, 'node_modules')} exists: it would hide packages missing from the image`);
    if (dirname(current) === current) return;
  }
}
