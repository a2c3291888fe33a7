// Reads a Dockerfile into stages of steps, for tools/ci/check-dockerfile.ts. Only the instructions
// deploy/Dockerfile uses are known; anything else is refused by name, so that the check never silently skips
// a step the image build would run.

export type Step =
  | { kind: 'workdir'; text: string; path: string }
  | { kind: 'env'; text: string; vars: Record<string, string> }
  /** chown: the owner the image gives the files (the check keeps the host's: it runs the services as another user). */
  | { kind: 'copy'; text: string; from: string | null; chown: string | null; sources: string[]; dest: string }
  | { kind: 'run'; text: string; command: string; cacheTargets: string[] }
  | { kind: 'user'; text: string; user: string }
  | { kind: 'cmd' | 'entrypoint'; text: string; argv: string[] }
  /** EXPOSE, HEALTHCHECK, LABEL: metadata, nothing to run. */
  | { kind: 'metadata'; text: string };

export interface Stage {
  name: string;
  /** A stage of this file, or an image (the check runs on the host's Node instead). */
  base: { stage: string } | { image: string };
  steps: Step[];
}

export interface Dockerfile {
  stages: Stage[];
  stage(name: string): Stage;
}

/** Instructions with continuation lines joined and comments dropped, with their first line's number. */
function logicalLines(text: string): { line: number; text: string }[] {
  const result: { line: number; text: string }[] = [];
  let current: { line: number; text: string } | null = null;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (current === null && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (current !== null && trimmed.startsWith('#')) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    current = current === null ? { line: index + 1, text: part } : { ...current, text: `${current.text} ${part}` };
    if (!continued) {
      result.push(current);
      current = null;
    }
  });
  if (current !== null) result.push(current);
  return result;
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    return name in args ? (args[name] ?? '') : whole;
  });
}

function execForm(text: string, where: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
    throw new Error(`${where}: expected the exec form ["program", "arg", ...]`);
  return parsed as string[];
}

/** `--name=value` flags at the start of an instruction's arguments, and the rest. */
function flags(rest: string): { flags: Record<string, string[]>; rest: string } {
  const found: Record<string, string[]> = {};
  let remaining = rest;
  for (;;) {
    const match = /^--([\w-]+)=(\S+)\s+/.exec(remaining);
    if (!match) break;
    const [whole, name = '', value = ''] = match;
    (found[name] ??= []).push(value);
    remaining = remaining.slice(whole.length);
  }
  return { flags: found, rest: remaining.trim() };
}

function envVars(rest: string, where: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const pattern = /(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g;
  let consumed = '';
  for (const match of rest.matchAll(pattern)) {
    const [whole, name = '', value = ''] = match;
    vars[name] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
    consumed += whole;
  }
  if (consumed.replace(/\s/g, '') !== rest.replace(/\s/g, '')) throw new Error(`${where}: expected ENV name=value ...`);
  return vars;
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const { line, text: instruction } of logicalLines(text)) {
    const where = `Dockerfile line ${line}`;
    const match = /^(\w+)\s+(.*)$/.exec(instruction);
    if (!match) throw new Error(`${where}: cannot read ${JSON.stringify(instruction)}`);
    const keyword = (match[1] ?? '').toUpperCase();
    const rest = match[2] ?? '';
    const stage = stages.at(-1);
    if (keyword === 'ARG' && stage === undefined) {
      const [name = '', value = ''] = rest.split('=', 2);
      globalArgs[name.trim()] = value.trim();
      continue;
    }
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(substitute(rest, globalArgs));
      if (!from) throw new Error(`${where}: expected FROM <image|stage> [AS name]`);
      const base = from[1] ?? '';
      const name = from[2] ?? String(stages.length);
      stages.push({
        name,
        base: stages.some((known) => known.name === base) ? { stage: base } : { image: base },
        steps: [],
      });
      continue;
    }
    if (stage === undefined) throw new Error(`${where}: ${keyword} before the first FROM`);
    const step = (() => {
      switch (keyword) {
        case 'WORKDIR':
          return { kind: 'workdir', text: instruction, path: rest } as const;
        case 'ENV':
          return { kind: 'env', text: instruction, vars: envVars(rest, where) } as const;
        case 'COPY': {
          const parsed = flags(rest);
          const unknown = Object.keys(parsed.flags).filter((name) => name !== 'from' && name !== 'chown');
          if (unknown.length > 0) throw new Error(`${where}: COPY --${unknown.join(', --')} is not supported`);
          if (parsed.rest.startsWith('[')) throw new Error(`${where}: COPY in JSON form is not supported`);
          const paths = parsed.rest.split(/\s+/);
          if (paths.length < 2) throw new Error(`${where}: COPY needs a source and a destination`);
          return {
            kind: 'copy',
            text: instruction,
            from: parsed.flags['from']?.[0] ?? null,
            chown: parsed.flags['chown']?.[0] ?? null,
            sources: paths.slice(0, -1),
            dest: paths.at(-1) ?? '',
          } as const;
        }
        case 'RUN': {
          const parsed = flags(rest);
          const unknown = Object.keys(parsed.flags).filter((name) => name !== 'mount');
          if (unknown.length > 0) throw new Error(`${where}: RUN --${unknown.join(', --')} is not supported`);
          const cacheTargets = (parsed.flags['mount'] ?? []).map((mount) => {
            const options = Object.fromEntries(mount.split(',').map((pair) => pair.split('=', 2) as [string, string]));
            if (options['type'] !== 'cache' || !options['target'])
              throw new Error(`${where}: only RUN --mount=type=cache,target=<dir> is supported`);
            return options['target'];
          });
          if (parsed.rest.startsWith('[')) throw new Error(`${where}: RUN in JSON form is not supported`);
          return { kind: 'run', text: instruction, command: parsed.rest, cacheTargets } as const;
        }
        case 'USER':
          return { kind: 'user', text: instruction, user: rest } as const;
        case 'CMD':
          return { kind: 'cmd', text: instruction, argv: execForm(rest, where) } as const;
        case 'ENTRYPOINT':
          return { kind: 'entrypoint', text: instruction, argv: execForm(rest, where) } as const;
        case 'EXPOSE':
        case 'HEALTHCHECK':
        case 'LABEL':
          return { kind: 'metadata', text: instruction } as const;
        default:
          throw new Error(`${where}: ${keyword} is not supported by tools/ci/check-dockerfile.ts`);
      }
    })();
    stage.steps.push(step);
  }
  return {
    stages,
    stage(name) {
      const found = stages.find((candidate) => candidate.name === name);
      if (!found) throw new Error(`no stage ${name} (stages: ${stages.map((known) => known.name).join(', ')})`);
      return found;
    },
  };
}
