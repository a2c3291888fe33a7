// A bounded closed-loop load generator: N callers issue requests back to back until a time or count limit.

export interface LoadLoopOptions {
  concurrency: number;
  /** The loop stops issuing new requests after this long. */
  durationMs: number;
  /** ...or after this many requests, whichever comes first (a hard bound). */
  maxRequests: number;
  /** One request; `index` is unique across the loop (0, 1, 2, ...). */
  call: (index: number) => Promise<void>;
}

export interface LoadLoopResult {
  concurrency: number;
  completed: number;
  errors: number;
  /** The first few error messages, for the report. */
  errorSamples: string[];
  /** Latency of each successful request, in ms. */
  latenciesMs: number[];
  elapsedMs: number;
  requestsPerSecond: number;
}

/** Runs the loop; the next index to use continues from `firstIndex` so that separate loops never collide. */
export async function runLoadLoop(
  options: LoadLoopOptions,
  firstIndex = 0,
): Promise<LoadLoopResult & { nextIndex: number }> {
  const latenciesMs: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline && issued < options.maxRequests) {
      const index = firstIndex + issued;
      issued += 1;
      const sent = performance.now();
      try {
        await options.call(index);
        latenciesMs.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => caller()));
  const elapsedMs = performance.now() - started;
  return {
    concurrency: options.concurrency,
    completed: latenciesMs.length,
    errors,
    errorSamples,
    latenciesMs,
    elapsedMs,
    requestsPerSecond: (latenciesMs.length / elapsedMs) * 1000,
    nextIndex: firstIndex + issued,
  };
}

/** Runs `count` calls with at most `concurrency` at a time; rejects with the first failure after all settle. */
export async function runBounded<T>(
  count: number,
  concurrency: number,
  call: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  const failures: unknown[] = [];
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      try {
        results[index] = await call(index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => caller()));
  if (failures.length > 0) {
    const first = failures[0];
    throw new Error(
      `${failures.length} of ${count} calls failed; first: ${first instanceof Error ? first.message : String(first)}`,
    );
  }
  return results;
}
