#!/usr/bin/env node
// Compiles apps to plain JavaScript for the runtime image: `dist/<app>/` mirrors the repository (apps/<app>/src,
// the libs/*/src and workflows/src files the app imports), each .ts compiled by SWC to CommonJS with the same
// settings as tools/run-ts.cjs (decorator metadata, class fields, kept class names), the tsconfig path aliases
// (`@crs-export/*`) rewritten to relative requires. Files are found by following the requires from the app's
// entry points, so an app's dist holds exactly the workspace code it loads; plain .cjs/.js/.json files next to a
// compiled file are copied (files loaded by path, such as the payload codec's failure converter). The worker
// also gets its prebuilt workflow bundle (dist/worker/workflow-bundle.js, WORKFLOW_BUNDLE_PATH).
// Refuses a require of a package that `npm ci --omit=dev` does not install (a devDependency), and warns about
// one installed only as a dependency of a dependency (not declared in package.json "dependencies").
//   node deploy/build-app.cjs [app...]   (apps: api worker cli crs-simulator codec-server; default: every one present)
'use strict';
const { spawnSync } = require('node:child_process');
const { builtinModules } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '..');

/** The entry points of each app (apps/<name>/src/...); the Nx `build` targets and deploy/Dockerfile name these. */
const APPS = {
  api: { entries: ['apps/api/src/main.ts'] },
  worker: { entries: ['apps/worker/src/main.ts'], workflowBundle: 'workflow-bundle.js' },
  cli: { entries: ['apps/cli/src/main.ts'] },
  // call-v3.ts drives Tencent's full SDK, a devDependency: a developer's tool, not part of the image.
  'crs-simulator': { entries: ['apps/crs-simulator/src/main.ts', 'apps/crs-simulator/src/sign-url.ts'] },
  'codec-server': { entries: ['apps/codec-server/src/main.ts'] },
};

const ASSET = /\.(c?js|json)$/;
const TEST_FILE = /\.(spec|test)\.[cm]?[jt]s$/;
const BUILTINS = new Set(builtinModules);

function swcOptions(file, outFile) {
  const { paths } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  return {
    filename: file,
    swcrc: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      keepClassNames: true,
      baseUrl: ROOT,
      paths,
    },
    module: { type: 'commonjs', noInterop: false },
    sourceMaps: true,
    inlineSourcesContent: false,
    sourceFileName: path.relative(path.dirname(outFile), file),
  };
}

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`), or null for a Node built-in. */
function packageOf(specifier) {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0])) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function requiresOf(code) {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
}

/** A relative require resolved the way Node will resolve it once compiled: x.ts, x/index.ts, or the file x. */
function resolveRelative(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, fromFile)}: cannot resolve ${specifier}`);
}

function buildApp(name, distRoot) {
  const app = APPS[name];
  const outDir = path.join(distRoot, name);
  fs.rmSync(outDir, { recursive: true, force: true });
  const seen = new Set();
  const packages = new Map(); // package -> first file that requires it
  const queue = app.entries.map((entry) => path.join(ROOT, entry));
  const copyAssetsOf = new Set();
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const relative = path.relative(ROOT, file);
    if (relative.startsWith('..')) throw new Error(`${relative} is outside the repository`);
    const isTs = file.endsWith('.ts');
    const outFile = path.join(outDir, isTs ? relative.replace(/\.ts$/, '.js') : relative);
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    let code;
    if (isTs) {
      const output = swc.transformFileSync(file, swcOptions(file, outFile));
      code = output.code;
      fs.writeFileSync(outFile, `${code}\n//# sourceMappingURL=${path.basename(outFile)}.map\n`);
      fs.writeFileSync(`${outFile}.map`, output.map ?? '');
      copyAssetsOf.add(path.dirname(file));
    } else {
      code = fs.readFileSync(file, 'utf8');
      fs.copyFileSync(file, outFile);
    }
    if (file.endsWith('.json')) continue;
    for (const specifier of requiresOf(code)) {
      if (specifier.startsWith('.')) queue.push(resolveRelative(file, specifier));
      else {
        const pkg = packageOf(specifier);
        if (pkg !== null && !packages.has(pkg)) packages.set(pkg, relative);
      }
    }
  }
  // Files a compiled module loads by path (join(__dirname, 'x.cjs')), not by require: copied with their directory.
  for (const dir of copyAssetsOf) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (!entry.isFile() || !ASSET.test(entry.name) || TEST_FILE.test(entry.name) || seen.has(file)) continue;
      seen.add(file);
      fs.copyFileSync(file, path.join(outDir, path.relative(ROOT, file)));
      for (const specifier of requiresOf(fs.readFileSync(file, 'utf8'))) {
        const pkg = specifier.startsWith('.') ? null : packageOf(specifier);
        if (pkg !== null && !packages.has(pkg)) packages.set(pkg, path.relative(ROOT, file));
      }
    }
  }
  // What `npm ci --omit=dev` installs: the lockfile's packages not marked dev (dependencies and theirs).
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const installed = (pkg) => {
    const entry = lock.packages?.[`node_modules/${pkg}`];
    return entry !== undefined && entry.dev !== true;
  };
  const missing = [...packages].filter(([pkg]) => !installed(pkg));
  if (missing.length > 0) {
    throw new Error(
      `${name}: requires packages that npm ci --omit=dev does not install (devDependencies or absent): ${missing
        .map(([pkg, from]) => `${pkg} (from ${from})`)
        .join(', ')}`,
    );
  }
  // Installed only as a dependency of a dependency: works, but is not declared.
  const undeclared = [...packages]
    .filter(([pkg]) => !(pkg in dependencies))
    .map(([pkg, from]) => `${pkg} (from ${from})`);
  if (undeclared.length > 0) {
    process.stderr.write(
      `build-app: warning: ${name} requires packages not in package.json "dependencies": ${undeclared.join(', ')}\n`,
    );
  }
  if (app.workflowBundle) {
    const bundle = path.join(outDir, app.workflowBundle);
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'tools', 'run-ts.cjs'), path.join(ROOT, 'apps', 'worker', 'src', 'build-bundle.ts'), bundle],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (run.status !== 0) throw new Error(`${name}: the workflow bundle failed (exit ${run.status ?? run.signal})`);
  }
  const files = [...seen].length;
  process.stdout.write(
    `${JSON.stringify({ msg: 'app built', app: name, out: path.relative(process.cwd(), outDir) || '.', files, packages: [...packages.keys()].sort() })}\n`,
  );
}

function main() {
  const args = process.argv.slice(2);
  const distRoot = path.join(ROOT, 'dist');
  const present = Object.keys(APPS).filter((name) =>
    APPS[name].entries.every((entry) => fs.existsSync(path.join(ROOT, entry))),
  );
  const names = args.length > 0 ? args : present;
  for (const name of names) {
    if (!(name in APPS)) throw new Error(`unknown app ${name}; apps: ${Object.keys(APPS).join(', ')}`);
    if (!present.includes(name)) throw new Error(`app ${name} has no ${APPS[name].entries.join(', ')}`);
  }
  for (const name of names) buildApp(name, distRoot);
}

try {
  main();
} catch (error) {
  process.stderr.write(`build-app: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
