// Tests deploy/Dockerfile where there is no Docker engine: runs its stages as a script on a clean copy of the
// working tree (the build context), then checks each image target: production dependencies only, compiled
// JavaScript whose every required package is installed, and its command starting as a non-root user far
// enough to do its first job (tools/ci/check-dockerfile-services.ts). RUN layers are cached as Docker caches
// them (by the hash of everything before them), and npm's cache mount is the host's npm cache.
//   node tools/run-ts.cjs tools/ci/check-dockerfile.ts [--targets api,worker,simulator,cli] [--overlay DIR]
//     [--temporal-address host:port] [--no-cache] [--keep]
// Without --temporal-address a Temporal dev server is started for the worker and the API. Exit 0: PASS.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findOrBuildTemporalCli, startDevServer, type DevServer } from '@crs-export/dev-temporal';
import { StageBuilder, hostPath } from './check-dockerfile-build';
import { prepareContext } from './check-dockerfile-context';
import { LayerCache, removeTree } from './check-dockerfile-layers';
import { parseDockerfile, type Dockerfile } from './check-dockerfile-parse';
import {
  assertNoParentNodeModules,
  checkProductionDependencies,
  serviceHome,
  TARGET_CHECKS,
  type ServiceCheckContext,
} from './check-dockerfile-services';

const ROOT = resolve(__dirname, '..', '..');
const DOCKERFILE = 'deploy/Dockerfile';
/** The user the services run as when the check runs as root: not the owner of the stage's files. */
const NOBODY = { uid: 65534, gid: 65534 };

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** Stages nothing else builds on or copies from: the image targets. */
function leafStages(dockerfile: Dockerfile): string[] {
  const used = new Set<string>();
  for (const stage of dockerfile.stages) {
    if ('stage' in stage.base) used.add(stage.base.stage);
    for (const step of stage.steps) if (step.kind === 'copy' && step.from !== null) used.add(step.from);
  }
  return dockerfile.stages.map((stage) => stage.name).filter((name) => !used.has(name));
}

/**
 * The stages' directory: on /dev/shm when there is one (hundreds of thousands of files are made and removed;
 * tmpfs does that in memory, a disk takes tens of seconds), else the temporary directory. Its name carries the
 * pid, so that the directories of a check that was killed are removed by the next one.
 */
function makeWorkDir(): string {
  const base = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
  for (const name of readdirSync(base)) {
    const pid = Number(/^crs-dockerfile-(\d+)-/.exec(name)?.[1]);
    if (pid > 0 && !processAlive(pid)) removeTree(join(base, name));
  }
  return mkdtempSync(join(base, `crs-dockerfile-${process.pid}-`));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function temporalFor(address: string | undefined): Promise<{ address: string; server: DevServer | null }> {
  if (address) return { address, server: null };
  const cli = await findOrBuildTemporalCli();
  if (!cli) throw new Error('no Temporal CLI (tools/provision-temporal.ts builds one); or pass --temporal-address');
  const server = await startDevServer({ cliPath: cli.path, uiPort: null });
  return { address: server.address, server };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string' },
      overlay: { type: 'string' },
      'temporal-address': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  const workDir = makeWorkDir();
  // The services run as another user: it must reach the stage directories (the files stay read-only to it).
  chmodSync(workDir, 0o755);
  let temporal: { address: string; server: DevServer | null } | null = null;
  const failures: string[] = [];
  try {
    const contextDir = join(workDir, 'context');
    const files = prepareContext({
      rootDir: ROOT,
      dockerfile: DOCKERFILE,
      dest: contextDir,
      overlayDir: values.overlay ? resolve(values.overlay) : null,
    });
    log(`[dockerfile] build context: ${files} files from the working tree (${DOCKERFILE}.dockerignore applied)`);
    const dockerfile = parseDockerfile(readFileSync(join(contextDir, DOCKERFILE), 'utf8'));
    const leaves = leafStages(dockerfile);
    const unchecked = leaves.filter((name) => !(name in TARGET_CHECKS));
    if (unchecked.length > 0)
      throw new Error(`targets without a check in tools/ci/check-dockerfile-services.ts: ${unchecked.join(', ')}`);
    const targets = values.targets ? values.targets.split(',').map((name) => name.trim()) : leaves;
    for (const target of targets)
      if (!leaves.includes(target)) throw new Error(`no image target ${target} (targets: ${leaves.join(', ')})`);
    const stagesDir = join(workDir, 'stages');
    mkdirSync(stagesDir);
    const builder = new StageBuilder({
      dockerfile,
      contextDir,
      workDir: stagesDir,
      layerCache: values['no-cache'] ? null : new LayerCache(),
      log,
    });
    const runAs = process.getuid?.() === 0 ? NOBODY : null;
    if (runAs === null) log('[dockerfile] not root: the services run as the current user');
    for (const target of targets) {
      try {
        const stage = await builder.build(target);
        assertNoParentNodeModules(dirname(hostPath(stage.root, stage.workdir)));
        if (stage.user === null || stage.user === 'root' || stage.user === '0')
          throw new Error(`the ${target} image runs as root (no USER)`);
        if (!stage.env['MALLOC_ARENA_MAX']) throw new Error(`the ${target} image sets no MALLOC_ARENA_MAX`);
        const facts = checkProductionDependencies(stage, join(contextDir, 'package-lock.json'));
        const needsTemporal = target === 'api' || target === 'worker';
        if (needsTemporal && temporal === null) temporal = await temporalFor(values['temporal-address']);
        const context: ServiceCheckContext = {
          contextDir,
          temporalAddress: temporal?.address ?? '',
          runAs,
          homeDir: serviceHome(join(workDir, 'home', target), runAs),
          log,
        };
        const check = TARGET_CHECKS[target];
        if (!check) throw new Error(`no check for ${target}`);
        facts.push(...(await check(stage, context)));
        log(`[dockerfile] PASS ${target} (USER ${stage.user}): ${facts.join('; ')}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${target}: ${message}`);
        log(`[dockerfile] FAIL ${target}: ${message}`);
      }
    }
  } finally {
    await temporal?.server?.stop();
    if (values.keep) log(`[dockerfile] kept ${workDir}`);
    else removeTree(workDir);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    log(`[dockerfile] FAIL ${failures.length} target(s) in ${seconds} s`);
    return 1;
  }
  log(`[dockerfile] PASS every target of ${DOCKERFILE} in ${seconds} s`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`[dockerfile] FAIL ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
