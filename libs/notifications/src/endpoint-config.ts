// Reads the webhook endpoint configuration (a JSON file and/or an env-style list) into WebhookEndpoints,
// collecting every bad entry into one WebhookConfigError that names entries and fields, never secrets.
import { readFileSync } from 'node:fs';
import { WebhookConfigError } from './notification-errors';
import {
  endpointProblems,
  isWebhookEndpointName,
  webhookEndpoint,
  WebhookEndpoints,
  type WebhookEndpoint,
} from './webhook-endpoints';
import { WebhookSecret } from './webhook-secret';

export interface WebhookConfigInput {
  /** An env-style list: `name=url|secretFile=/path|timeoutMs=5000`, entries separated by commas or newlines. */
  list?: string;
  /** What the list is called in messages, e.g. the variable `WEBHOOK_ENDPOINTS`. */
  listSource?: string;
  /** The text of a JSON file: `{ "endpoints": [{ "name", "url", "secretFile" | "secretEnv", "timeoutMs"? }] }`. */
  json?: string;
  /** What the JSON is called in messages, e.g. its path. */
  jsonSource?: string;
  /** The environment `secretEnv` reads (the process's, handed in once by its configuration). */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a secret file; defaults to the file system. */
  readSecretFile?: (path: string) => string;
}

/** One entry as either form gives it, with where it came from for messages. */
interface RawEntry {
  where: string;
  name: string;
  url: unknown;
  options: Record<string, unknown>;
}

/** An entry that could not even be split into its parts. */
interface BadEntry {
  problem: string;
}

const OPTIONS = ['secretFile', 'secretEnv', 'timeoutMs'] as const;

/** `entry 2 "ops"` when the name is a plausible name, else `entry 2`: a garbled entry may hold anything. */
function entryLabel(where: string, name: string): string {
  return isWebhookEndpointName(name) ? `${where} ${JSON.stringify(name)}` : where;
}

function listEntries(list: string, source: string): (RawEntry | BadEntry)[] {
  const entries: (RawEntry | BadEntry)[] = [];
  const items = list
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  items.forEach((item, index) => {
    const where = `${source} entry ${index + 1}`;
    const [head = '', ...optionParts] = item.split('|');
    const equals = head.indexOf('=');
    if (equals <= 0) {
      entries.push({ problem: `${where}: not name=url|secretFile=<path>` });
      return;
    }
    const name = head.slice(0, equals).trim();
    const options: Record<string, unknown> = {};
    for (const part of optionParts) {
      const at = part.indexOf('=');
      const key = (at < 0 ? part : part.slice(0, at)).trim();
      options[key] = at < 0 ? '' : part.slice(at + 1).trim();
    }
    entries.push({ where, name, url: head.slice(equals + 1).trim(), options });
  });
  return entries;
}

function jsonEntries(json: string, source: string): (RawEntry | BadEntry)[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may be a secret.
    return [{ problem: `${source}: not JSON` }];
  }
  const endpoints = (value as { endpoints?: unknown } | null)?.endpoints;
  if (typeof value !== 'object' || value === null || !Array.isArray(endpoints)) {
    return [{ problem: `${source}: not { "endpoints": [...] }` }];
  }
  const entries: (RawEntry | BadEntry)[] = [];
  endpoints.forEach((item: unknown, index) => {
    const where = `${source} endpoints[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      entries.push({ problem: `${where}: not an object` });
      return;
    }
    const { name, url, ...options } = item as Record<string, unknown>;
    if (typeof name !== 'string') {
      entries.push({ problem: `${where}: name is not a string` });
      return;
    }
    entries.push({ where, name, url, options });
  });
  return entries;
}

/** The secrets of one entry: whitespace-separated values in a file or an environment variable. */
function entrySecrets(
  options: Record<string, unknown>,
  input: WebhookConfigInput,
  problems: string[],
): WebhookSecret[] {
  const { secretFile, secretEnv } = options;
  if ('secret' in options) {
    problems.push('secret is not accepted inline: use secretFile or secretEnv');
    return [];
  }
  if ((secretFile === undefined) === (secretEnv === undefined)) {
    problems.push('needs exactly one of secretFile and secretEnv');
    return [];
  }
  let text: string | undefined;
  if (secretFile !== undefined) {
    if (typeof secretFile !== 'string' || secretFile === '') {
      problems.push('secretFile is not a path');
      return [];
    }
    try {
      text = (input.readSecretFile ?? ((path: string) => readFileSync(path, 'utf8')))(secretFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(`secretFile ${secretFile} cannot be read${code ? ` (${code})` : ''}`);
      return [];
    }
  } else {
    if (typeof secretEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(secretEnv)) {
      problems.push('secretEnv is not a variable name');
      return [];
    }
    text = input.env[secretEnv];
    if (text === undefined || text.trim() === '') {
      problems.push(`secretEnv ${secretEnv} is not set`);
      return [];
    }
  }
  return text
    .split(/\s+/)
    .filter((value) => value.length > 0)
    .map((value) => new WebhookSecret(value));
}

function entryTimeout(options: Record<string, unknown>, problems: string[]): number | undefined {
  const raw = options['timeoutMs'];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number') {
    problems.push('timeoutMs is not a number');
    return undefined;
  }
  return value;
}

function endpointOf(entry: RawEntry, input: WebhookConfigInput, problems: string[]): WebhookEndpoint | null {
  const label = entryLabel(entry.where, entry.name);
  const own: string[] = [];
  for (const key of Object.keys(entry.options)) {
    if (!(OPTIONS as readonly string[]).includes(key) && key !== 'secret') {
      // The key is not repeated: in a garbled entry it may be part of a secret.
      own.push(`an unknown option (the known ones: ${OPTIONS.join(', ')})`);
    }
  }
  const secretProblems: string[] = [];
  const secrets = entrySecrets(entry.options, input, secretProblems);
  own.push(...secretProblems);
  const timeoutMs = entryTimeout(entry.options, own);
  // A missing or non-string url is "not an absolute URL" below.
  const fields = { name: entry.name, url: typeof entry.url === 'string' ? entry.url : '', secrets, timeoutMs };
  // "no secret" only when the secrets were read and there were none: a source that failed said why already.
  own.push(...endpointProblems(fields).filter((problem) => problem !== 'no secret' || secretProblems.length === 0));
  problems.push(...own.map((problem) => `${label}: ${problem}`));
  return own.length === 0 ? webhookEndpoint(fields) : null;
}

/** Every endpoint of the list and the JSON together; WebhookConfigError with every problem otherwise. */
export function parseWebhookEndpoints(input: WebhookConfigInput): WebhookEndpoints {
  const listSource = input.listSource ?? 'webhook endpoint list';
  const jsonSource = input.jsonSource ?? 'webhook endpoint file';
  const entries = [
    ...(input.list === undefined ? [] : listEntries(input.list, listSource)),
    ...(input.json === undefined ? [] : jsonEntries(input.json, jsonSource)),
  ];
  const problems: string[] = [];
  const endpoints: WebhookEndpoint[] = [];
  const firstWhere = new Map<string, string>();
  for (const entry of entries) {
    if ('problem' in entry) {
      problems.push(entry.problem);
      continue;
    }
    const endpoint = endpointOf(entry, input, problems);
    const earlier = firstWhere.get(entry.name);
    if (earlier !== undefined) {
      problems.push(`${entryLabel(entry.where, entry.name)}: the name is already defined by ${earlier}`);
    } else {
      firstWhere.set(entry.name, entry.where);
      if (endpoint) endpoints.push(endpoint);
    }
  }
  if (problems.length > 0) {
    const sources = [input.list === undefined ? null : listSource, input.json === undefined ? null : jsonSource];
    throw new WebhookConfigError(sources.filter((source) => source !== null).join(' and ') || 'no source', problems);
  }
  return new WebhookEndpoints(endpoints);
}

export interface LoadWebhookConfigInput extends Omit<WebhookConfigInput, 'json' | 'jsonSource'> {
  /** Path of the JSON file, if any. */
  file?: string;
}

/** parseWebhookEndpoints with the JSON read from `file`. */
export function loadWebhookEndpoints(input: LoadWebhookConfigInput): WebhookEndpoints {
  const { file, ...rest } = input;
  if (file === undefined) return parseWebhookEndpoints(rest);
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WebhookConfigError(file, [`${file} cannot be read${code ? ` (${code})` : ''}`]);
  }
  return parseWebhookEndpoints({ ...rest, json, jsonSource: file });
}
