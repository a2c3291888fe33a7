// Commands with subcommands (`batch start`, `schedule create`, ...): each group parses its own options and
// runs against the API; runCli hands them what the flat commands also get.
import { BATCH_GROUP_USAGE, runBatchGroup } from './batch-commands';
import { KEYS_GROUP_USAGE, runKeysGroup } from './keys-commands';
import type { CliIo } from './run-cli';
import type { ExportApiClient } from './export-api-client';
import { runScheduleGroup, SCHEDULE_GROUP_USAGE } from './schedule-commands';
import { runVerify, VERIFY_USAGE } from './verify-command';

export interface GroupContext {
  client: ExportApiClient;
  json: boolean;
  io: CliIo;
  /** Prints one answer: JSON with --json, else the text. */
  print(value: unknown, text: string): void;
}

export interface CommandGroup {
  usage: string;
  run(argv: readonly string[], context: GroupContext): Promise<number>;
}

export const COMMAND_GROUPS: Record<string, CommandGroup> = {
  batch: { usage: BATCH_GROUP_USAGE, run: runBatchGroup },
  schedule: { usage: SCHEDULE_GROUP_USAGE, run: runScheduleGroup },
  keys: { usage: KEYS_GROUP_USAGE, run: runKeysGroup },
  verify: { usage: VERIFY_USAGE, run: runVerify },
};
