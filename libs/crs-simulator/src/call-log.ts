// The log of calls the simulator answered (GET /_sim/calls), both API generations and the downloads: a
// bounded ring buffer, newest last. The fleet benchmark reads the highest calls per second per action from it.
// With a state file the log is also appended to a journal beside it, so that a restarted simulator still
// knows every call it answered (as Tencent's audit log does) and its sequence numbers carry on.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DownloadFaultKind, FaultKind } from './fault-schema';

export interface CallRecord {
  seq: number;
  /** Which API the call was made to; downloads carry the generation that issued their URL. */
  api: 'v2' | 'v3';
  /** ISO time of the simulated clock when the call arrived. */
  time: string;
  /** ISO wall time (the simulator's auth clock) when it arrived: what rate limits count in. */
  wallTime: string;
  method: string;
  /** The action, or `download` for a file download. */
  action: string;
  region: string | null;
  /** The account (uin) of the key that signed the call, once known. */
  account: string | null;
  /**
   * The request parameters without Signature and Token. 3.0's JSON parameters are flattened as its GET
   * form writes them (`InstanceIds.0`, `LimitVpc.0.Region`); no 3.0 header (Authorization, X-TC-Token) is kept.
   */
  params: Record<string, string>;
  /** 0 on success; the error code otherwise (v2 a number, 3.0 a string); null when there was no API answer. */
  code: number | string | null;
  httpStatus: number | null;
  fault: FaultKind | null;
  /** The body fault a download got (download.files), if any. */
  downloadFault: DownloadFaultKind | null;
  durationMs: number;
}

const HIDDEN_PARAMS = new Set(['Signature', 'Token']);

export function loggableParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !HIDDEN_PARAMS.has(key)));
}

/** 3.0 JSON parameters as flat strings, the way the GET form writes them. */
export function flattenParams(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((item, i) => flattenParams(item, `${prefix}${i}.`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) flattenParams(item, `${prefix}${key}.`, out);
  else if (prefix !== '') out[prefix.slice(0, -1)] = String(value);
  return out;
}

/** The journal of a state file's simulator: `<stateFile>.calls.jsonl`. */
export function callJournalPath(stateFile: string): string {
  return `${stateFile}.calls.jsonl`;
}

export class CallLog {
  private readonly records: CallRecord[] = [];
  private start = 0;
  private seq = 0;

  /**
   * journal: a JSON-lines file each call is appended to before its answer leaves; with `resume` its calls
   * are read back (a simulator carrying on from its state file), else it starts empty.
   */
  constructor(
    private readonly capacity: number,
    private readonly journal: string | null = null,
    resume = false,
  ) {
    if (!journal) return;
    if (resume) this.restore(journal);
    else writeFileSync(journal, '', { mode: 0o600 });
  }

  add(record: Omit<CallRecord, 'seq'>): CallRecord {
    const full = { seq: ++this.seq, ...record };
    this.keep(full);
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify(full)}\n`, { mode: 0o600 });
    return full;
  }

  /** Oldest first, optionally only one action's (and one API generation's). */
  list(filter: { action?: string; api?: 'v2' | 'v3' } = {}): CallRecord[] {
    const ordered = [...this.records.slice(this.start), ...this.records.slice(0, this.start)];
    return ordered.filter(
      (record) =>
        (filter.action === undefined || record.action === filter.action) &&
        (filter.api === undefined || record.api === filter.api),
    );
  }

  clear(): void {
    this.records.length = 0;
    this.start = 0;
    if (this.journal) writeFileSync(this.journal, '', { mode: 0o600 });
  }

  private keep(record: CallRecord): void {
    if (this.records.length < this.capacity) this.records.push(record);
    else {
      this.records[this.start] = record;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The journal's last `capacity` calls (a line torn by a kill is skipped), compacted back to the file. */
  private restore(journal: string): void {
    if (!existsSync(journal)) return;
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (line.length === 0) continue;
      let record: CallRecord;
      try {
        record = JSON.parse(line) as CallRecord;
      } catch {
        continue;
      }
      if (typeof record.seq !== 'number') continue;
      this.keep(record);
      this.seq = Math.max(this.seq, record.seq);
    }
    const kept = this.list();
    writeFileSync(journal, kept.map((record) => `${JSON.stringify(record)}\n`).join(''), { mode: 0o600 });
  }
}
