// Runs one `crs-export` invocation against the API and returns its exit code (0, 1, 2 or 3).
import { parseCliArgs, UsageError, USAGE, type CliCommand } from './cli-args';
import { resolveCliSettings, type CliSettings } from './cli-settings';
import { COMMAND_GROUPS, type CommandGroup } from './command-groups';
import { ApiError, ApiUnreachableError, ExportApiClient } from './export-api-client';
import { formatExportDetail, formatExportList } from './export-format';
import type { ExportResource } from './export-resource';
import { watchExport, type OutputStream } from './watch-export';

export const EXIT = { ok: 0, exportNotSucceeded: 1, usage: 2, apiError: 3 } as const;

export interface CliIo {
  out: OutputStream;
  err: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where to look for .data/api-key; default the working directory, then the repository. */
  keyDirs?: string[];
  sleep?: (ms: number) => Promise<void>;
}

/** The flat commands' usage and each group's. */
export const FULL_USAGE = `${USAGE}\n\nmore commands:\n${Object.values(COMMAND_GROUPS)
  .map((group) => group.usage)
  .join('\n')}`;

/** `--json` and `--api-url URL` may come anywhere; the rest says which command (or group) runs. */
function splitGlobalOptions(argv: readonly string[]): { rest: string[]; json: boolean; apiUrl?: string } {
  const rest: string[] = [];
  let json = false;
  let apiUrl: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--api-url') apiUrl = argv[++index];
    else if (arg.startsWith('--api-url=')) apiUrl = arg.slice('--api-url='.length);
    else rest.push(arg);
  }
  return { rest, json, ...(apiUrl === undefined ? {} : { apiUrl }) };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const globals = splitGlobalOptions(argv);
  const group = COMMAND_GROUPS[globals.rest[0] ?? ''];
  if (group && !globals.rest.includes('--help') && !globals.rest.includes('-h')) {
    return runGroup(group, globals, io);
  }
  let invocation;
  try {
    invocation = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`crs-export: ${error.message}\n\n${FULL_USAGE}\n`);
    return EXIT.usage;
  }
  const { command, json } = invocation;
  if (command.kind === 'help') {
    io.out.write(`${FULL_USAGE}\n`);
    return EXIT.ok;
  }
  const settings = resolveCliSettings({ env: io.env, cwd: io.cwd, apiUrlFlag: invocation.apiUrl, keyDirs: io.keyDirs });
  const client = new ExportApiClient({ baseUrl: settings.apiUrl, apiKey: settings.apiKey });
  try {
    return await execute(command, { client, json, io });
  } catch (error) {
    if (error instanceof ApiError || error instanceof ApiUnreachableError) {
      reportApiFailure(error, settings, json, io);
      return EXIT.apiError;
    }
    throw error;
  }
}

async function runGroup(
  group: CommandGroup,
  globals: ReturnType<typeof splitGlobalOptions>,
  io: CliIo,
): Promise<number> {
  const { json } = globals;
  const settings = resolveCliSettings({ env: io.env, cwd: io.cwd, apiUrlFlag: globals.apiUrl, keyDirs: io.keyDirs });
  const client = new ExportApiClient({ baseUrl: settings.apiUrl, apiKey: settings.apiKey });
  const print = (value: unknown, text: string): void => {
    io.out.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  };
  try {
    return await group.run(globals.rest.slice(1), { client, json, io, print });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`crs-export: ${error.message}\n\n${group.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof ApiError || error instanceof ApiUnreachableError) {
      reportApiFailure(error, settings, json, io);
      return EXIT.apiError;
    }
    throw error;
  }
}

interface Context {
  client: ExportApiClient;
  json: boolean;
  io: CliIo;
}

async function execute(command: Exclude<CliCommand, { kind: 'help' }>, { client, json, io }: Context): Promise<number> {
  const print = (value: unknown, text: string): void => {
    io.out.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  };
  switch (command.kind) {
    case 'start': {
      const { created, export: item } = await client.startExport(
        {
          redisId: command.redisId,
          backupId: command.backupId,
          ...(command.region ? { region: command.region } : {}),
          ...(command.remark === undefined ? {} : { remark: command.remark }),
          ...(command.storageDays === undefined ? {} : { storageDays: command.storageDays }),
        },
        command.idempotencyKey,
      );
      const note = created
        ? 'started'
        : command.idempotencyKey
          ? 'already started with this Idempotency-Key (no second export started)'
          : 'already running (no second export started)';
      if (!command.watch) {
        print(item, `${note}\n${formatExportDetail(item)}`);
        return EXIT.ok;
      }
      if (!json) io.out.write(`${item.exportId} ${note}\n`);
      return watchAndReport(client, item.exportId, command.intervalMs, command.urls, json, io);
    }
    case 'status': {
      const item = await client.getExport(command.exportId, { urls: command.urls });
      print(item, formatExportDetail(item));
      return EXIT.ok;
    }
    case 'list': {
      const page = await client.listExports(command.filter);
      print(page, formatExportList(page.items, page.nextCursor));
      return EXIT.ok;
    }
    case 'cancel': {
      const item = await client.cancelExport(command.exportId, command.reason);
      print(
        item ?? { exportId: command.exportId, cancelRequested: true },
        `cancellation requested for ${command.exportId}; Tencent has no call to stop an export task already running there` +
          (item ? `\n${formatExportDetail(item)}` : ''),
      );
      return EXIT.ok;
    }
    case 'retry': {
      const item = await client.retryExport(command.exportId);
      if (!command.watch) {
        print(item, `retrying ${item.exportId} (a new run under the same ID)\n${formatExportDetail(item)}`);
        return EXIT.ok;
      }
      if (!json) io.out.write(`${item.exportId} retrying (a new run under the same ID)\n`);
      return watchAndReport(client, item.exportId, command.intervalMs, command.urls, json, io);
    }
    case 'watch':
      return watchAndReport(client, command.exportId, command.intervalMs, command.urls, json, io);
  }
}

async function watchAndReport(
  client: ExportApiClient,
  exportId: string,
  intervalMs: number,
  urls: boolean,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const item: ExportResource = await watchExport({
    client,
    exportId,
    intervalMs,
    urls,
    json,
    out: io.out,
    err: io.err,
    sleep: io.sleep,
  });
  return item.state === 'SUCCEEDED' ? EXIT.ok : EXIT.exportNotSucceeded;
}

function reportApiFailure(
  error: ApiError | ApiUnreachableError,
  settings: CliSettings,
  json: boolean,
  io: CliIo,
): void {
  if (json) {
    const body =
      error instanceof ApiError
        ? { error: error.operation, status: error.status, problem: error.problem }
        : { error: error.operation, unreachable: settings.apiUrl, message: error.message };
    io.err.write(`${JSON.stringify(body)}\n`);
    return;
  }
  io.err.write(`crs-export: ${error.message}\n`);
  if (error instanceof ApiUnreachableError) {
    io.err.write(`  is the stack running? (npm start) Set CRS_EXPORT_API_URL or --api-url for another API.\n`);
  } else if (error.status === 401 || error.status === 403) {
    io.err.write(
      settings.apiKey
        ? `  the API refused the key from ${settings.apiKeySource ?? 'unknown'}.\n`
        : `  no API key: set CRS_EXPORT_API_KEY (npm start prints it and keeps it in .data/api-key).\n`,
    );
  } else if (error.problem?.errors !== undefined) {
    io.err.write(`  ${JSON.stringify(error.problem.errors)}\n`);
  }
}
