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

export function scanTexts(texts: Iterable<ScannedText>, secret: string): SecretFinding[] {
  if (secret.length < 12) throw new Error('the secret must be long and distinctive, or the scan means nothing');
  // One finding per place: forms that spell the same (URL-safe secrets) are searched once.
  const forms = Object.entries(secretForms(secret)).filter(
    ([, needle], i, all) => all.findIndex(([, other]) => other === needle) === i,
  );
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
    .flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .map((text, i) => ({ where: `${name}:${i + 1}`, text })),
    );
}
