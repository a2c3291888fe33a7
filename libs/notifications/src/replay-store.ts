// Where a receiver remembers the event ids it has taken, so that a replayed or repeated delivery is refused.

/**
 * A receiver's memory of event ids. `seen` must check and remember in one step (atomically where several
 * receivers share it, e.g. Redis `SET id 1 NX EX <ttl>`), or two copies arriving together would both pass.
 */
export interface ReplayStore {
  /** Remembers the id and answers whether it had been seen before. */
  seen(eventId: string): boolean | Promise<boolean>;
  /** Forgets the id: the receiver failed to process the event, so the sender's next delivery must be taken. */
  forget?(eventId: string): void | Promise<void>;
}

export interface MemoryReplayStoreOptions {
  /**
   * How long an id is remembered. A replay of one delivery is refused anyway once its timestamp is outside
   * the tolerance; the ids guard against that window and against the sender's redeliveries (the same event,
   * signed anew) for as long as it retries. Default 24 hours.
   */
  ttlSeconds?: number;
  /** Ids kept at most (oldest forgotten first), so memory stays bounded. Default 100,000. */
  maxEntries?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

/** The in-memory store answers at once. */
export interface MemoryReplayStore extends ReplayStore {
  seen(eventId: string): boolean;
  forget(eventId: string): void;
}

/** A replay store in this process's memory: for one receiver process (several need a shared store). */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): MemoryReplayStore {
  const ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order, and every entry has the same ttl: the first entry expires first.
  const expiries = new Map<string, number>();

  function evict(at: number): void {
    for (const [id, expiresAt] of expiries) {
      if (expiresAt > at && expiries.size <= maxEntries) break;
      expiries.delete(id);
    }
  }

  return {
    seen(eventId: string): boolean {
      const at = now();
      evict(at);
      const expiresAt = expiries.get(eventId);
      if (expiresAt !== undefined && expiresAt > at) return true;
      expiries.set(eventId, at + ttlMs);
      evict(at);
      return false;
    },
    forget(eventId: string): void {
      expiries.delete(eventId);
    },
  };
}
