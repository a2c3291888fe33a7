// Waiting in the suite: a plain delay, and a bounded poll that fails with what it last saw.
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, lastSeen: string) {
    super(`${what}: not reached within ${timeoutMs} ms; last seen: ${lastSeen}`);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Calls `check` every intervalMs until it returns a value (not undefined) or the time is up. A check that
 * throws counts as "not yet" (the service may be restarting); the last error or describe() goes in the failure.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = options.describe?.() ?? 'not yet';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new WaitTimeoutError(what, options.timeoutMs, last);
    await delay(options.intervalMs ?? 250);
  }
}
