// What `npm start` prints once the stack is ready: the URLs, the API key and a curl that starts a demo export.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { simulatorAdminTokenFile } from './simulator-admin-token';
import type { Stack } from './stack-supervisor';

export const DEMO_REDIS_ID = 'crs-j30wibe7';
export const DEMO_BACKUP_ID = '3a07b27e-f744-11e6-babc-525400082493';

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The curl that starts an export of the demo backup; the key is printed only when the stack generated it. */
export function demoExportCurl(stack: Pick<Stack, 'urls' | 'apiKey'>): string {
  const shownKey = stack.apiKey.source === 'API_KEYS_FILE' ? '$CRS_EXPORT_API_KEY' : stack.apiKey.key;
  const body = JSON.stringify({ redisId: DEMO_REDIS_ID, backupId: DEMO_BACKUP_ID });
  const auth =
    stack.apiKey.source === 'API_KEYS_FILE'
      ? `"Authorization: Bearer ${shownKey}"`
      : shellQuote(`Authorization: Bearer ${shownKey}`);
  return [
    'curl -sS -X POST',
    shellQuote(`${stack.urls.api}/exports`),
    `-H ${auth}`,
    `-H 'Content-Type: application/json'`,
    `-d ${shellQuote(body)}`,
  ].join(' ');
}

/** Where the simulator's admin token is, for the banner; never the token itself. */
function simulatorTokenNote(stack: Stack): string {
  if (stack.simulatorAdminToken === null) return '';
  const file = simulatorAdminTokenFile(stack.dataDir);
  const kept = existsSync(file) && readFileSync(file, 'utf8').trim() === stack.simulatorAdminToken;
  return kept ? `, admin token in ${relative(process.cwd(), file)}` : ', admin token: CRS_SIM_ADMIN_TOKEN';
}

/** Where the payload keys are and the codec server that decodes them for the Web UI; never a key or the token. */
function codecRows(
  stack: Stack,
  rel: (path: string) => string,
  row: (label: string, value: string) => string,
): string[] {
  const { keys, serverToken } = stack.codec;
  const where = keys.file ? rel(keys.file) : 'CODEC_KEYS';
  const rows = [row('Payloads', `encrypted (AES-256-GCM), active key ${keys.activeKeyId}, keys in ${where}`)];
  if (stack.urls.codecServer && serverToken) {
    const token = serverToken.file ? `token in ${rel(serverToken.file)}` : 'token: CODEC_SERVER_TOKENS';
    rows.push(row('Codec server', `${stack.urls.codecServer}   (decodes them in the Temporal UI; ${token})`));
  }
  return rows;
}

export function stackBanner(stack: Stack, elapsedMs: number): string {
  const rel = (path: string): string => relative(process.cwd(), path) || '.';
  const row = (label: string, value: string): string => `  ${label.padEnd(13)}${value}`;
  const lines = [``, `crs-export is ready (${(elapsedMs / 1000).toFixed(1)} s)`, ``];
  lines.push(row('API', stack.urls.api));
  lines.push(row('API docs', `${stack.urls.docs}   (OpenAPI: ${stack.urls.openapi})`));
  if (stack.urls.temporalUi) {
    lines.push(row('Temporal UI', `${stack.urls.temporalUi}/namespaces/${stack.namespace}/workflows`));
  }
  const temporalNote = stack.services.includes('temporal')
    ? `dev server, state in ${rel(stack.dataDir)}/temporal.sqlite`
    : 'external (TEMPORAL_ADDRESS)';
  lines.push(row('Temporal', `${stack.urls.temporalAddress}   (${temporalNote}; namespace ${stack.namespace})`));
  lines.push(
    row(
      'CRS',
      stack.urls.simulator
        ? `${stack.urls.crsEndpoint}   (simulator; state: ${stack.urls.simulator}/_sim/state${simulatorTokenNote(stack)})`
        : `${stack.urls.crsEndpoint}   (external, CRS_ENDPOINT)`,
    ),
  );
  if (stack.urls.workerMetrics) lines.push(row('Worker', `${stack.urls.workerMetrics}`));
  lines.push(...codecRows(stack, rel, row));
  lines.push(row('Logs', `${rel(stack.dataDir)}/logs/<service>.log`));
  lines.push(``);
  switch (stack.apiKey.source) {
    case 'API_KEYS_FILE':
      lines.push(row('API keys', `from API_KEYS_FILE (not shown; npx crs-export keys create makes one)`));
      break;
    case 'generated':
      lines.push(row('API key', `${stack.apiKey.key}   (new, kept in ${rel(stack.apiKey.file ?? '')})`));
      break;
    case 'persisted':
      lines.push(row('API key', `${stack.apiKey.key}   (kept in ${rel(stack.apiKey.file ?? '')})`));
      break;
    case 'given':
      lines.push(row('API key', stack.apiKey.key));
      break;
  }
  lines.push(``, `Start an export of the demo backup:`, `  ${demoExportCurl(stack)}`);
  lines.push(`Follow it:`, `  npx crs-export watch export-${DEMO_REDIS_ID}-${DEMO_BACKUP_ID}`);
  lines.push(``, `Ctrl-C stops everything.`, ``);
  return lines.join('\n');
}
