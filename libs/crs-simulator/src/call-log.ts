// The log of API calls the simulator answered (GET /_sim/calls): a bounded ring buffer, newest last.
import type { FaultKind } from './faults';

export interface CallRecord {
  seq: number;
  /** ISO time of the simulated clock when the call arrived. */
  time: string;
  method: string;
  action: string;
  region: string | null;
  /** The request parameters without Signature and Token. */
  params: Record<string, string>;
  /** The API code answered (0 success), or null when there was no JSON answer (timeout, HTTP error, drop). */
  code: number | null;
  httpStatus: number | null;
  fault: FaultKind | null;
  durationMs: number;
}

const HIDDEN_PARAMS = new Set(['Signature', 'Token']);

export function loggableParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !HIDDEN_PARAMS.has(key)));
}

export class CallLog {
  private readonly records: CallRecord[] = [];
  private start = 0;
  private seq = 0;

  constructor(private readonly capacity: number) {}

  add(record: Omit<CallRecord, 'seq'>): CallRecord {
    const full = { seq: ++this.seq, ...record };
    if (this.records.length < this.capacity) this.records.push(full);
    else {
      this.records[this.start] = full;
      this.start = (this.start + 1) % this.capacity;
    }
    return full;
  }

  /** Oldest first, optionally only one action's. */
  list(filter: { action?: string } = {}): CallRecord[] {
    const ordered = [...this.records.slice(this.start), ...this.records.slice(0, this.start)];
    return filter.action ? ordered.filter((record) => record.action === filter.action) : ordered;
  }

  clear(): void {
    this.records.length = 0;
    this.start = 0;
  }
}
