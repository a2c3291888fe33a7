// Looks for the Tencent secret key in whatever the suite collected: histories, log lines, API answers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretFinding {
  /** Where: a workflow id, a log file and line number, a request. */
  where: string;
  /** Which encoding of the secret matched (never the secret itself). */
  form: string;
}

export interface ScannedText {
  where: string;
  text: string;
}

/** The secret as it could appear: plain, URL-encoded, base64 (e.g. inside a payload), hex. */
export function secretForms(secret: string): Record<string, string> {
  const forms: Record<string, string> = {
    plain: secret,
    'url-encoded': encodeURIComponent(secret),
    base64: Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    hex: Buffer.from(secret).toString('hex'),
  };
  return forms;
}

export function scanTexts(texts: Iterable<ScannedText>, secret: string): SecretFinding[] {
  if (secret.length < 12) throw new Error('the secret must be long and distinctive, or the scan means nothing');
  const forms = Object.entries(secretForms(secret));
  const findings: SecretFinding[] = [];
  for (const { where, text } of texts) {
    for (const [form, needle] of forms) if (text.includes(needle)) findings.push({ where, form });
  }
  return findings;
}

/** Every line of every `*.log` file in the directory, as scanned texts. */
export function logFileLines(dir: string): ScannedText[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').map((text, i) => ({ where: `${name}:${i + 1}`, text })));
}
