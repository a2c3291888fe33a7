// Looks for secrets in whatever the suite collected (raw histories, log lines, API answers): the values it
// knows (the Tencent secret key, the API key, the DecryptKeys it planted) in every encoding they could take
// inside a payload, and what gives a secret away whatever its value (a download URL with its signed query
// or token, a DecryptKey, SecretKey or session token field with a value).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export type SecretKind = 'tencent-secret' | 'api-key' | 'decrypt-key' | 'download-url';

export interface SecretFinding {
  /** Where: a workflow id, a log file and line number, a request. */
  where: string;
  kind: SecretKind;
  /** Which encoding or pattern matched (never the secret itself). */
  form: string;
}

export interface ScannedText {
  where: string;
  text: string;
}

export interface KnownSecret {
  kind: SecretKind;
  value: string;
}

/**
 * The secret as it could appear: plain, URL-encoded, hex, and base64 (inside a payload) at each of the
 * three byte alignments it can have there: the part of the key that starts on a 3-byte boundary always
 * encodes to the same characters, whatever precedes it.
 */
export function secretForms(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret);
  const forms: Record<string, string> = {
    plain: secret,
    'url-encoded': encodeURIComponent(secret),
    hex: bytes.toString('hex'),
  };
  for (const skip of [0, 1, 2]) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    forms[skip === 0 ? 'base64' : `base64+${skip}`] = bytes.subarray(skip, skip + whole).toString('base64');
  }
  return forms;
}

interface SecretPattern {
  kind: SecretKind;
  form: string;
  pattern: RegExp;
}

/** What a secret looks like in plain text, whatever its value. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'download-url',
    form: 'URL with a signed query',
    // COS (`sign=q-sign-algorithm...`, `q-signature=`), S3 (`X-Amz-Signature=`), tokens in the query.
    pattern:
      /https?:\/\/[^\s"'<>\\]+?[?&](?:sign|q-signature|signature|x-amz-signature|x-amz-security-token|x-cos-security-token|token|access_token)=[^\s"'<>\\&]{6}/i,
  },
  { kind: 'download-url', form: 'COS signature', pattern: /q-signature(?:=|%3D)[0-9a-f]{20}/i },
  {
    kind: 'download-url',
    form: 'download token',
    // The v2 download path: `/download/<payload>.<mac>.rdb`, the token being the URL's whole secret.
    pattern: /\/download\/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{32}\.rdb/,
  },
  {
    kind: 'decrypt-key',
    form: 'DecryptKey field',
    pattern: /["']?DecryptKey["']?\s*[:=]\s*["']?[A-Za-z0-9+/]{16}/i,
  },
  {
    kind: 'tencent-secret',
    form: 'SecretKey field',
    pattern: /["']?(?:SecretKey|secret_key|TENCENTCLOUD_SECRET_KEY)["']?\s*[:=]\s*["']?[A-Za-z0-9+/_-]{12}/i,
  },
  {
    kind: 'tencent-secret',
    form: 'session token field',
    pattern: /["']?(?:X-TC-Token|TENCENTCLOUD_SESSION_TOKEN|SessionToken)["']?\s*[:=]\s*["']?[A-Za-z0-9+/_-]{12}/i,
  },
];

/** Every known secret in every form, forms that spell the same searched once. */
function needlesOf(known: readonly KnownSecret[]): { kind: SecretKind; form: string; needle: string }[] {
  const seen = new Set<string>();
  const needles: { kind: SecretKind; form: string; needle: string }[] = [];
  for (const { kind, value } of known) {
    if (value.length < 12) throw new Error('a secret must be long and distinctive, or the scan means nothing');
    for (const [form, needle] of Object.entries(secretForms(value))) {
      if (seen.has(needle)) continue;
      seen.add(needle);
      needles.push({ kind, form, needle });
    }
  }
  return needles;
}

export interface ScanOptions {
  known?: readonly KnownSecret[];
  /** Also match SECRET_PATTERNS (default true). */
  patterns?: boolean;
}

/** One finding per place, kind and form. */
export function scanForSecrets(texts: Iterable<ScannedText>, options: ScanOptions): SecretFinding[] {
  const needles = needlesOf(options.known ?? []);
  const patterns = options.patterns === false ? [] : SECRET_PATTERNS;
  const findings: SecretFinding[] = [];
  for (const { where, text } of texts) {
    const found = new Set<string>();
    const add = (kind: SecretKind, form: string): void => {
      const key = `${kind}/${form}`;
      if (found.has(key)) return;
      found.add(key);
      findings.push({ where, kind, form });
    };
    for (const { kind, form, needle } of needles) if (text.includes(needle)) add(kind, form);
    for (const { kind, form, pattern } of patterns) if (pattern.test(text)) add(kind, form);
  }
  return findings;
}

/** The Tencent secret key alone, in every form (no patterns): one finding per place. */
export function scanTexts(texts: Iterable<ScannedText>, secret: string): SecretFinding[] {
  const findings = scanForSecrets(texts, { known: [{ kind: 'tencent-secret', value: secret }], patterns: false });
  const places = new Set<string>();
  return findings.filter((finding) => !places.has(finding.where) && places.add(finding.where));
}

/** Every line of every `*.log` file under the directory (and its subdirectories), as scanned texts. */
export function logFileLines(dir: string, root: string = dir): ScannedText[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return logFileLines(path, root);
    if (!name.endsWith('.log')) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((text, i) => ({ where: `${relative(root, path)}:${i + 1}`, text }));
  });
}

const URL_FIELDS = new Set(['intranetUrl', 'extranetUrl']);

/**
 * An export resource hands its files' download URLs to the caller who asked: that is the product. A copy of
 * the JSON with those fields (of each `files` entry, wherever it sits) blanked, so the rest can be scanned;
 * and how many URLs were blanked, for the positive control.
 */
export function withoutHandedOutUrls(json: unknown): { json: unknown; urls: string[] } {
  const urls: string[] = [];
  const walk = (value: unknown, inFiles: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, inFiles));
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        if (inFiles && URL_FIELDS.has(key) && typeof item === 'string') {
          urls.push(item);
          return [key, '[handed out]'];
        }
        return [key, walk(item, key === 'files')];
      }),
    );
  };
  return { json: walk(json, false), urls };
}
