// The payload codec of a local stack: its keys (CODEC_KEYS_FILE or CODEC_KEYS when set, else a keys file created
// once in <dataDir>/codec-keys.json, the demo's) and the codec server's access token (CODEC_SERVER_TOKENS when
// set, else one generated once and kept in <dataDir>/codec-server-token).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '@crs-export/config';
import {
  encryptedDataConverter,
  generateCodecCapabilityToken,
  generateCodecKeyFile,
  loadCodecKeyRing,
} from '@crs-export/payload-codec';

export interface ResolvedCodecKeys {
  /** What the worker, the API and the codec server get: CODEC_KEYS_FILE, or the CODEC_KEYS given. */
  env: Record<string, string>;
  source: 'CODEC_KEYS_FILE' | 'CODEC_KEYS' | 'generated' | 'persisted';
  /** The keys file, when the keys are in one. */
  file: string | null;
  activeKeyId: string;
  /** For the clients of the process that started the stack (suites, benchmarks): the same keys. */
  dataConverter: DataConverter;
}

export interface ResolvedCodecServerToken {
  /** The token the Web UI's codec endpoint and `--codec-auth 'Bearer <token>'` use: the first of the tokens. */
  token: string;
  /** The value to hand the codec server as CODEC_SERVER_TOKENS. */
  tokens: string;
  source: 'CODEC_SERVER_TOKENS' | 'generated' | 'persisted';
  file: string | null;
}

export function codecKeysFile(dataDir: string): string {
  return join(dataDir, 'codec-keys.json');
}

export function codecServerTokenFile(dataDir: string): string {
  return join(dataDir, 'codec-server-token');
}

/** The configured keys, or the demo's keys file (created on first use); loaded here so a bad key fails at once. */
export async function resolveCodecKeys(options: { dataDir: string; config: AppConfig }): Promise<ResolvedCodecKeys> {
  const { keysFile, keys } = options.config.codec;
  let resolved: Pick<ResolvedCodecKeys, 'env' | 'source' | 'file'>;
  if (keysFile !== null) {
    resolved = { env: { CODEC_KEYS_FILE: keysFile }, source: 'CODEC_KEYS_FILE', file: keysFile };
  } else if (keys !== null) {
    resolved = { env: { CODEC_KEYS: keys.reveal() }, source: 'CODEC_KEYS', file: null };
  } else {
    const file = codecKeysFile(options.dataDir);
    const source = existsSync(file) ? 'persisted' : 'generated';
    if (source === 'generated') await generateCodecKeyFile(file);
    resolved = { env: { CODEC_KEYS_FILE: file }, source, file };
  }
  const ring = await loadCodecKeyRing(
    resolved.file === null ? options.config.codec : { keysFile: resolved.file, keys: null },
  );
  return { ...resolved, activeKeyId: ring.activeKeyId, dataConverter: encryptedDataConverter(ring) };
}

export function resolveCodecServerToken(options: { dataDir: string; config: AppConfig }): ResolvedCodecServerToken {
  const configured = options.config.codec.server.tokens.map((token) => token.reveal());
  const first = configured[0];
  if (first) return { token: first, tokens: configured.join(','), source: 'CODEC_SERVER_TOKENS', file: null };
  const file = codecServerTokenFile(options.dataDir);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 22) return { token: kept, tokens: kept, source: 'persisted', file };
  }
  const token = generateCodecCapabilityToken();
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, tokens: token, source: 'generated', file };
}
