// The simulator's state on disk (CRS_SIM_STATE_FILE): the scenario, what changed since it loaded (tasks,
// backups, download restrictions), the URL signing keys and the clock offset, so that a restart keeps
// tasks running, backups as they were and issued URLs valid, as Tencent's do. Written atomically (a
// temporary file renamed over the old one), readable by the owner only: it holds the scenario's keys.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { parseScenario, type Scenario } from './scenario-schema';
import type { PersistedAccount } from './simulator-state';

const FORMAT = 'crs-simulator-state';
const VERSION = 1;

export interface SimulatorStateFile {
  scenario: Scenario;
  account: PersistedAccount;
  /** The OffsetClock's offset (POST /_sim/advance). */
  clockOffsetMs: number;
  /** base64: the v2 download token key and the COS URL signing key. */
  keys: { downloads: string; cos: string };
}

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  savedAt: z.string(),
  scenario: z.unknown(),
  clockOffsetMs: z.number(),
  keys: z.object({ downloads: z.base64(), cos: z.base64() }),
  account: z.object({
    nextRequestId: z.int(),
    backups: z.record(z.string(), z.array(z.looseObject({ backupId: z.string(), status: z.int() }))),
    tasks: z.array(z.looseObject({ requestId: z.int(), kind: z.enum(['exportBackup', 'backupInstance']) })),
    restrictions: z.record(z.string(), z.looseObject({ LimitType: z.string() })),
  }),
});

export class StateFileError extends Error {
  constructor(path: string, problem: string) {
    super(`simulator state file ${path}: ${problem} (delete it to start from the scenario)`);
    this.name = 'StateFileError';
  }
}

/** The saved state, or null when the file does not exist yet. */
export function readStateFile(path: string): SimulatorStateFile | null {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StateFileError(path, `not JSON (${String(error)})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new StateFileError(path, parsed.error.issues.map((issue) => issue.message).join('; '));
  const { scenario, account, clockOffsetMs, keys } = parsed.data;
  // The account's entries are the simulator's own JSON; their envelope is checked above.
  return { scenario: parseScenario(scenario), account: account as unknown as PersistedAccount, clockOffsetMs, keys };
}

export function writeStateFile(path: string, state: SimulatorStateFile): void {
  const text = JSON.stringify({ format: FORMAT, version: VERSION, savedAt: new Date().toISOString(), ...state });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
}
