// Zod building blocks for the simulator's configuration files, with messages that say what was expected
// and what came, and the rendering of a failed parse as the "list every bad key" problems of old.
import { z } from 'zod';

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

export function intIn(min: number, max: number) {
  const error = (issue: { input?: unknown }): string =>
    `expected an integer from ${min} to ${max}, got ${show(issue.input)}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

export function numberIn(min: number, max: number, what: string) {
  const error = (): string => `expected ${what}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

export const rate = numberIn(0, 1, 'a probability from 0 to 1');

export function text() {
  const error = (): string => 'expected a non-empty string';
  return z.string({ error }).min(1, { error });
}

export function anyText() {
  return z.string({ error: () => 'expected a string' });
}

export function matching(pattern: RegExp, hint: string) {
  return text().regex(pattern, { error: (issue) => `${show(issue.input)} is not ${hint}` });
}

export function oneOf<const T extends readonly [string | number, ...(string | number)[]]>(values: T) {
  const list = values.map((value) => JSON.stringify(value)).join(', ');
  return z.literal(values, { error: (issue) => `expected one of ${list}, got ${show(issue.input)}` });
}

export const flag = z.boolean({ error: () => 'expected true or false' });

/** An object that refuses keys it does not know (each one is a problem of its own). */
export function record<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: () => 'expected an object' });
}

export function list<T extends z.core.SomeType>(item: T, what = 'an array') {
  const error = (): string => `expected ${what}`;
  return z.array(item, { error });
}

/**
 * A duplicate `field` among the items is a problem at that item. It runs even when other items are invalid
 * (`when`), so that one parse names every problem.
 */
export function noDuplicates(field: string) {
  return z.superRefine(
    (items: readonly unknown[], ctx) => {
      // `when` runs this on input that failed to be an array too.
      if (!Array.isArray(items)) return;
      const seen = new Set<string>();
      items.forEach((item, index) => {
        const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;
        if (typeof id !== 'string') return;
        if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate ${id}`, path: [index, field] });
        seen.add(id);
      });
    },
    { when: () => true },
  );
}

/** `instances[0].backups[1].status`, with `root` for the top level (`scenario`). */
function pathText(path: readonly PropertyKey[], root: string): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out === '' ? root : out;
}

/** Every issue of a failed parse as one line; an unknown key is named with its full path. */
export function problemsOf(error: z.ZodError, root: string): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const at = issue.path.length === 0 ? root : pathText(issue.path, root);
      return issue.keys.map((key) => `${at}.${key}: unknown field`);
    }
    return [`${pathText(issue.path, root)}: ${issue.message}`];
  });
}
