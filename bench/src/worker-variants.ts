// The worker configurations the scale benchmark compares: as shipped (libs/config's defaults and the launch
// environment of npm start), the defaults before issue 16, and any given in BENCH_SCALE_VARIANTS.

export interface WorkerVariant {
  name: string;
  description: string;
  /** The worker's environment on top of the stack's; null: unset (e.g. glibc's own arena count). */
  env: Record<string, string | null>;
}

export const SHIPPED: WorkerVariant = {
  name: 'shipped',
  description:
    "the worker as shipped: libs/config's WORKER_* defaults and npm start's MALLOC_ARENA_MAX and V8 heap flags",
  env: {},
};

/** What a2c1060 shipped: its summary measured 553/583 MB at 1,000/2,000 in flight. */
export const PREVIOUS: WorkerVariant = {
  name: 'previous',
  description:
    'the defaults before issue 16: WORKER_MAX_CACHED_WORKFLOWS=250, WORKER_MAX_CONCURRENT_ACTIVITIES=200, ' +
    "WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=100, glibc's own malloc arenas (MALLOC_ARENA_MAX unset), V8's own heap limit",
  env: {
    WORKER_MAX_CACHED_WORKFLOWS: '250',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '200',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100',
    MALLOC_ARENA_MAX: null,
    NODE_OPTIONS: null,
  },
};

/**
 * `name:KEY=VALUE,KEY=VALUE;name2:...` (an empty value unsets the variable), e.g.
 * `cache50:WORKER_MAX_CACHED_WORKFLOWS=50;heap256:NODE_OPTIONS=--max-old-space-size=256`.
 */
export function parseVariants(text: string): WorkerVariant[] {
  return text
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const colon = item.indexOf(':');
      const name = colon < 0 ? item : item.slice(0, colon);
      const pairs =
        colon < 0
          ? []
          : item
              .slice(colon + 1)
              .split(',')
              .filter(Boolean);
      const env: Record<string, string | null> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new Error(`BENCH_SCALE_VARIANTS: expected KEY=VALUE in ${JSON.stringify(pair)}`);
        const value = pair.slice(eq + 1);
        env[pair.slice(0, eq)] = value === '' ? null : value;
      }
      const description = Object.entries(env)
        .map(([key, value]) => `${key}=${value ?? '(unset)'}`)
        .join(', ');
      return { name, description: description || 'no change', env };
    });
}

/** The worker's environment for the stack: null becomes undefined, which the stack leaves out. */
export function variantEnv(variant: WorkerVariant): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(variant.env).map(([key, value]) => [key, value ?? undefined]));
}
