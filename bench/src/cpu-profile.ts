// Reads a V8 CPU profile (what `node --cpu-prof` writes): cuts it to a time window, and sums where the time
// went: self time per function and per package, and inclusive time per package and per source file of the
// API (a sample counts once for each file or package on its stack).

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number; scriptId?: string };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  /** Microseconds on the monotonic clock (CLOCK_MONOTONIC on Linux, as process.hrtime). */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
  /** Of the busy (non-idle) time of the window. */
  percent: number;
}

export interface CpuProfileSummary {
  windowMs: number;
  busyMs: number;
  idleMs: number;
  samples: number;
  topSelfFunctions: TimeShare[];
  selfByPackage: TimeShare[];
  inclusiveByPackage: TimeShare[];
  /** Inclusive time per file under `appPrefix` (the API's own code). */
  inclusiveByAppFile: TimeShare[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Each sample's time: startTime plus the running sum of the deltas. */
function sampleTimes(profile: CpuProfile): number[] {
  const times: number[] = [];
  let at = profile.startTime;
  for (const delta of profile.timeDeltas) {
    at += delta;
    times.push(at);
  }
  return times;
}

/** The profile with only the samples taken from startUs to endUs (a valid profile for DevTools). */
export function trimProfile(profile: CpuProfile, startUs: number, endUs: number): CpuProfile {
  const times = sampleTimes(profile);
  const kept: number[] = [];
  const keptTimes: number[] = [];
  profile.samples.forEach((sample, i) => {
    const at = times[i] ?? 0;
    if (at >= startUs && at <= endUs) {
      kept.push(sample);
      keptTimes.push(at);
    }
  });
  const first = keptTimes[0] ?? startUs;
  return {
    nodes: profile.nodes,
    startTime: first,
    endTime: keptTimes[keptTimes.length - 1] ?? endUs,
    samples: kept,
    timeDeltas: keptTimes.map((at, i) => at - (i === 0 ? first : (keptTimes[i - 1] ?? first))),
  };
}

/** `node_modules/@scope/name/...` → `@scope/name`; node's own code → `node`; else the path under root. */
export function packageOf(url: string, rootDir: string): string {
  if (url === '') return '(native or V8)';
  if (url.startsWith('node:')) return 'node';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? path);
  }
  const relative = path.startsWith(`${rootDir}/`) ? path.slice(rootDir.length + 1) : path;
  // Our own code by project: apps/api, libs/export-client, ...
  const [group, project] = relative.split('/');
  return group && project && ['apps', 'libs'].includes(group) ? `${group}/${project}` : relative;
}

/** Where a function is: `node:http`, `@nestjs/core/router/x.js` (inside node_modules), or the path under root. */
export function sourceOf(url: string, rootDir: string): string {
  if (url.startsWith('node:')) return url;
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  return path.startsWith(`${rootDir}/`) ? path.slice(rootDir.length + 1) : path;
}

function shares(totals: Map<string, number>, busyUs: number, limit: number): TimeShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({
      name,
      ms: Number((us / 1000).toFixed(1)),
      percent: Number(((us / Math.max(busyUs, 1)) * 100).toFixed(1)),
    }));
}

function add(totals: Map<string, number>, key: string, us: number): void {
  totals.set(key, (totals.get(key) ?? 0) + us);
}

export function summarizeProfile(
  profile: CpuProfile,
  options: { rootDir: string; appPrefix: string; limit?: number },
): CpuProfileSummary {
  const limit = options.limit ?? 15;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const times = sampleTimes(profile);
  const selfFunctions = new Map<string, number>();
  const selfPackages = new Map<string, number>();
  const inclusivePackages = new Map<string, number>();
  const inclusiveFiles = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  const appRoot = `${options.rootDir}/${options.appPrefix}`;
  profile.samples.forEach((sample, i) => {
    // A sample lasts until the next one (the last until the profile's end).
    const us = Math.max(0, (times[i + 1] ?? profile.endTime) - (times[i] ?? profile.endTime));
    const node = byId.get(sample);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      return;
    }
    busyUs += us;
    const pkg = SPECIAL.has(functionName) ? functionName : packageOf(url, options.rootDir);
    add(selfPackages, pkg, us);
    const where = url ? `${sourceOf(url, options.rootDir)}:${lineNumber + 1}` : '';
    add(selfFunctions, `${functionName || '(anonymous)'}${where ? ` (${where})` : ''}`, us);
    const packages = new Set<string>();
    const files = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || SPECIAL.has(frame.functionName)) continue;
      packages.add(packageOf(frame.url, options.rootDir));
      const path = frame.url.replace(/^file:\/\//, '');
      if (path.startsWith(appRoot)) files.add(path.slice(options.rootDir.length + 1));
    }
    for (const name of packages) add(inclusivePackages, name, us);
    for (const name of files) add(inclusiveFiles, name, us);
  });
  return {
    windowMs: Number(((profile.endTime - profile.startTime) / 1000).toFixed(1)),
    busyMs: Number((busyUs / 1000).toFixed(1)),
    idleMs: Number((idleUs / 1000).toFixed(1)),
    samples: profile.samples.length,
    topSelfFunctions: shares(selfFunctions, busyUs, limit),
    selfByPackage: shares(selfPackages, busyUs, limit),
    inclusiveByPackage: shares(inclusivePackages, busyUs, limit),
    inclusiveByAppFile: shares(inclusiveFiles, busyUs, limit),
  };
}
