// The simulator's admin routes (outside Tencent's API) as the suite uses them: faults, the clock, the call log.
import type { CallRecord, FaultConfig } from '@crs-export/crs-simulator';

export class SimulatorAdmin {
  /** adminToken: what the stack's simulator requires on its /_sim routes (null: none). */
  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string | null = null,
  ) {}

  async setFaults(faults: FaultConfig): Promise<void> {
    await this.send('PUT', '/_sim/faults', faults);
  }

  async clearFaults(): Promise<void> {
    await this.send('DELETE', '/_sim/faults');
  }

  /** Moves the simulator's clock forward: tasks and backups advance as if that much time had passed. */
  async advance(ms: number): Promise<void> {
    await this.send('POST', '/_sim/advance', { ms });
  }

  /** Every call in the log, oldest first (the log keeps the last 10,000). */
  async calls(): Promise<CallRecord[]> {
    return ((await this.send('GET', '/_sim/calls')) as { calls: CallRecord[] }).calls;
  }

  /** The sequence number of the newest call so far (0 when none): a scenario's calls come after it. */
  async lastSeq(): Promise<number> {
    const { calls } = (await this.send('GET', '/_sim/calls?limit=1')) as { calls: CallRecord[] };
    return calls[0]?.seq ?? 0;
  }

  private async send(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(this.adminToken === null ? {} : { authorization: `Bearer ${this.adminToken}` }),
    };
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  }
}
