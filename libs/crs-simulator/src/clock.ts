// Simulated time: the state machines and URL expiry read it, so tests can move time instead of sleeping.

export interface Clock {
  /** Milliseconds since the UNIX epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 10, 28, 3, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}

/** Wall time running `factor` times faster from now on (factor 60: a one-minute export takes a second). */
export function scaledClock(factor: number, base: Clock = systemClock): Clock {
  if (!(factor > 0)) throw new Error(`time scale must be > 0, got ${factor}`);
  const origin = base.now();
  return { now: () => origin + (base.now() - origin) * factor };
}

/** The simulator's own view of time: a base clock plus an offset that `POST /_sim/advance` can move. */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(ms: number): number {
    this.offsetMs += ms;
    return this.now();
  }

  /** How far `advance` has moved it: kept in the state file, so that a restart keeps the simulated time. */
  get offset(): number {
    return this.offsetMs;
  }

  set offset(ms: number) {
    this.offsetMs = ms;
  }
}
