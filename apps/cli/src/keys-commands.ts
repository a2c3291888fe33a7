// `crs-export keys create|list|revoke`: manages the API's keys file directly (no API call); the API picks up
// each change within 2 s. `create` prints the new key once; nothing ever prints a hash.
import { parseArgs } from 'node:util';
import {
  API_KEY_SCOPE_MEANINGS,
  API_KEY_SCOPES,
  ApiKeyNotFoundError,
  ApiKeysFileError,
  createApiKey,
  listApiKeys,
  parseApiKeyScopes,
  revokeApiKey,
  type ApiKeySummary,
} from '@crs-export/api-keys';
import { UsageError } from './cli-args';
import type { GroupContext } from './command-groups';
import { formatTable } from './export-format';
import { keysFileLocation } from './keys-file-location';

export const KEYS_GROUP_USAGE = `keys create --scopes S[,S...] [--expires 90d|2027-01-31|never] [--note TEXT]
                                                       a new API key, printed once (scopes: ${API_KEY_SCOPES.join(', ')}, or all)
keys list                                              ids, scopes, state, expiry and notes (never a hash)
keys revoke <keyId>                                    refuse that key from now on (the API within 2 s)
  keys options: --file PATH (default API_KEYS_FILE, else .data/api-keys.json), --pepper-file PATH`;

const OPTIONS = {
  scopes: { type: 'string' },
  expires: { type: 'string' },
  note: { type: 'string' },
  file: { type: 'string' },
  'pepper-file': { type: 'string' },
} as const;

const FAILED = 3;

export async function runKeysGroup(argv: readonly string[], context: GroupContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, ...args] = positionals;
  const only = (allowed: (keyof typeof OPTIONS)[]): void => {
    const wrong = (Object.keys(values) as (keyof typeof OPTIONS)[]).find(
      (option) => !allowed.includes(option) && option !== 'file' && option !== 'pepper-file',
    );
    if (wrong) throw new UsageError(`keys ${action ?? ''} does not take --${wrong}`);
  };
  const location = () =>
    keysFileLocation({
      fileFlag: values.file,
      pepperFileFlag: values['pepper-file'],
      env: context.io.env,
      cwd: context.io.cwd,
      keyDirs: context.io.keyDirs,
    });
  try {
    switch (action) {
      case 'create': {
        only(['scopes', 'expires', 'note']);
        if (args.length > 0) throw new UsageError('keys create takes no arguments');
        if (values.scopes === undefined) {
          throw new UsageError(
            `keys create needs --scopes: ${API_KEY_SCOPES.map((scope) => `${scope} (${API_KEY_SCOPE_MEANINGS[scope]})`).join('; ')}`,
          );
        }
        const scopes = scopesOf(values.scopes);
        const expiresAt = expiryOf(values.expires ?? 'never', new Date());
        const { file, pepperFile } = location();
        const created = await createApiKey({ file, pepperFile, scopes, note: values.note ?? '', expiresAt });
        context.print(
          { ...created.key, key: created.token, file: created.file },
          [
            `created key ${created.key.id} in ${created.file} (${describe(created.key)})`,
            ...(created.pepperCreated
              ? [`  new pepper: ${created.pepperFile} (keep it; the keys are useless without it)`]
              : []),
            ``,
            `  ${created.token}`,
            ``,
            `This is the only time the key is shown: store it now (in a secret store, not a shell history).`,
          ].join('\n'),
        );
        return 0;
      }
      case 'list': {
        only([]);
        if (args.length > 0) throw new UsageError('keys list takes no arguments');
        const { file } = location();
        const keys = await listApiKeys(file);
        context.print(keys, formatKeys(keys));
        return 0;
      }
      case 'revoke': {
        only([]);
        if (args.length !== 1 || !args[0]) throw new UsageError('keys revoke takes <keyId>');
        const { file } = location();
        const revoked = await revokeApiKey({ file, id: args[0] });
        context.print(revoked, `revoked key ${revoked.id} in ${file}; the API refuses it within 2 s`);
        return 0;
      }
      default:
        throw new UsageError(action ? `unknown keys command: ${action}` : 'keys takes create, list or revoke');
    }
  } catch (error) {
    if (error instanceof ApiKeysFileError || error instanceof ApiKeyNotFoundError) {
      context.io.err.write(`crs-export: ${error.message}\n`);
      return FAILED;
    }
    throw error;
  }
}

function scopesOf(text: string) {
  try {
    return parseApiKeyScopes(text);
  } catch (error) {
    throw new UsageError(`--scopes: ${(error as Error).message}`);
  }
}

/** `90d`, `12h`, an ISO date or time, or `never`. */
export function expiryOf(text: string, now: Date): Date | null {
  const value = text.trim().toLowerCase();
  if (value === 'never') return null;
  const relative = /^(\d+)([dh])$/.exec(value);
  if (relative) {
    const hours = Number(relative[1]) * (relative[2] === 'd' ? 24 : 1);
    if (hours < 1 || hours > 24 * 3650) throw new UsageError('--expires must be 1h to 3650d');
    return new Date(now.getTime() + hours * 3_600_000);
  }
  const at = /^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:\d\d))?$/i.test(text.trim()) ? new Date(text.trim()) : null;
  if (!at || Number.isNaN(at.getTime())) {
    throw new UsageError(`--expires: not a duration, date or never: ${JSON.stringify(text)} (try 90d, 2027-01-31)`);
  }
  if (at.getTime() <= now.getTime()) throw new UsageError(`--expires: ${text} is not in the future`);
  return at;
}

function describe(key: ApiKeySummary): string {
  const note = key.note ? `; note ${JSON.stringify(key.note)}` : '';
  return `scopes ${key.scopes.join(', ')}; expires ${key.expiresAt ?? 'never'}${note}`;
}

export function formatKeys(keys: readonly ApiKeySummary[]): string {
  if (keys.length === 0) return 'no keys';
  return formatTable(
    ['ID', 'STATE', 'SCOPES', 'EXPIRES', 'CREATED', 'NOTE'],
    keys.map((key) => [
      key.id,
      key.state === 'revoked' ? `revoked ${key.revokedAt ?? ''}` : key.state,
      key.scopes.join(','),
      key.expiresAt ?? 'never',
      key.createdAt,
      key.note,
    ]),
  );
}
