// Last: no secret in plain text anywhere the suite looked: the raw workflow histories (as the server stores
// them: with a payload codec they are ciphertext, and the scan reads them so), every log line of every
// process, and every API answer (bodies and headers). The secrets: the worker's Tencent secret key, the API
// key and the planted DecryptKeys, by value in every encoding; download URLs, DecryptKey, SecretKey and
// session-token fields, by pattern. The URLs an export resource hands to its caller are left out of the
// answers (they are the product), and they are the positive control that the URL patterns match.
import { readFileSync } from 'node:fs';
import type { temporal } from '@temporalio/proto';
import { beforeAll, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/export-driver';
import type { SecretScanResult } from '../../src/reliability-report';
import {
  logFileLines,
  scanForSecrets,
  withoutHandedOutUrls,
  type KnownSecret,
  type ScannedText,
  type SecretFinding,
  type SecretKind,
} from '../../src/secret-scanner';
import type { ReliabilitySuite } from '../support/reliability-suite';

type History = temporal.api.history.v1.IHistory;

/** Payload bytes as text (ciphertext stays ciphertext), so that JSON payloads are searched as the strings they hold. */
function historyJson(history: unknown): string {
  return JSON.stringify(history, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (typeof value === 'bigint') return value.toString();
    return value;
  });
}

/** How the history's payloads are stored: counts by their `encoding` metadata. */
function payloadEncodings(history: History, into: Record<string, number>): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
    const metadata = (value as { metadata?: Record<string, Uint8Array> }).metadata;
    const encoding = metadata?.['encoding'];
    if (encoding instanceof Uint8Array && 'data' in value) {
      const name = Buffer.from(encoding).toString('utf8');
      into[name] = (into[name] ?? 0) + 1;
    }
    for (const item of Object.values(value)) visit(item);
  };
  visit(history);
}

const KINDS: SecretKind[] = ['tencent-secret', 'api-key', 'decrypt-key', 'download-url'];

function tally(findings: { histories: SecretFinding[]; logs: SecretFinding[]; answers: SecretFinding[] }) {
  return Object.fromEntries(
    KINDS.map((kind) => [
      kind,
      {
        histories: findings.histories.filter((f) => f.kind === kind).length,
        logs: findings.logs.filter((f) => f.kind === kind).length,
        answers: findings.answers.filter((f) => f.kind === kind).length,
      },
    ]),
  ) as SecretScanResult['findings'];
}

const describeFindings = (findings: SecretFinding[]): string[] =>
  findings.map((finding) => `${finding.where}: ${finding.kind} (${finding.form})`);

export function secretsScenario(suite: () => ReliabilitySuite): void {
  let known: KnownSecret[] = [];
  let histories: ScannedText[] = [];
  let logLines: ScannedText[] = [];
  let answers: ScannedText[] = [];
  let handedOut: string[] = [];
  let historyFindings: SecretFinding[] = [];
  let logFindings: SecretFinding[] = [];
  let answerFindings: SecretFinding[] = [];

  beforeAll(async () => {
    const { rs, report, secretKey, apiKey, plan } = suite();
    const decryptKeys = Object.values(plan.groups).flatMap((group) =>
      group.flatMap((target) => (target.decryptKey ? [target.decryptKey] : [])),
    );
    known = [
      { kind: 'tencent-secret', value: secretKey },
      { kind: 'api-key', value: apiKey },
      ...decryptKeys.map((value): KnownSecret => ({ kind: 'decrypt-key', value })),
    ];
    const workflowIds: string[] = [];
    for await (const execution of rs.temporal.workflow.list()) workflowIds.push(execution.workflowId);
    const encodings: Record<string, number> = {};
    let historyBytes = 0;
    histories = await mapConcurrently(workflowIds, 8, async (id): Promise<ScannedText> => {
      const history = await rs.temporal.workflow.getHandle(id).fetchHistory();
      payloadEncodings(history, encodings);
      const text = historyJson(history);
      historyBytes += text.length;
      return { where: `history of ${id}`, text };
    });
    logLines = [
      ...rs.logDirs.flatMap((dir) => logFileLines(dir)),
      ...rs.lines.map(({ service, line }) => ({ where: `${service} output`, text: line })),
    ];
    handedOut = [];
    answers = rs.traffic.all().map((answer) => {
      let body = answer.body;
      if (answer.status < 300 && answer.path.startsWith('/exports')) {
        try {
          const stripped = withoutHandedOutUrls(JSON.parse(answer.body));
          handedOut.push(...stripped.urls);
          body = JSON.stringify(stripped.json);
        } catch {
          // Not JSON: scanned as it is.
        }
      }
      return {
        where: `${answer.method} ${answer.path.slice(0, 80)} -> ${answer.status}`,
        text: `${JSON.stringify(answer.headers)}\n${body}`,
      };
    });
    historyFindings = scanForSecrets(histories, { known });
    logFindings = scanForSecrets(logLines, { known });
    answerFindings = scanForSecrets(answers, { known });
    report.secrets = {
      histories: histories.length,
      historyBytes,
      payloadEncodings: encodings,
      logLines: logLines.length,
      responses: answers.length,
      handedOutUrls: handedOut.length,
      findings: tally({ histories: historyFindings, logs: logFindings, answers: answerFindings }),
    };
  });

  it('finds what it looks for where it is: the secret key and DecryptKeys in the scenario file, the handed-out URLs', () => {
    const { rs, report } = suite();
    const scenario = scanForSecrets([{ where: 'scenario.json', text: readFileSync(rs.scenarioFile, 'utf8') }], {
      known,
      patterns: false,
    });
    expect(new Set(scenario.map((finding) => finding.kind))).toEqual(new Set(['tencent-secret', 'decrypt-key']));
    // Every export that succeeded handed out its URLs, and the patterns recognise every one of them.
    expect(handedOut.length).toBeGreaterThanOrEqual(
      report.scenarios.reduce((sum, s) => sum + (s.outcomes['SUCCEEDED'] ?? 0), 0),
    );
    const unmatched = handedOut.filter((url) => scanForSecrets([{ where: 'url', text: url }], {}).length === 0);
    expect(unmatched).toEqual([]);
    // Enough material that a leak would have shown: every export's history, the worker's own log lines.
    expect(histories.length).toBeGreaterThanOrEqual(report.scenarios.reduce((sum, s) => sum + s.exports, 0));
    expect(rs.lines.filter((line) => line.service.startsWith('worker')).length).toBeGreaterThan(0);
  });

  it('shows no secret in any log line of any process', () => {
    expect(describeFindings(logFindings)).toEqual([]);
  });

  it('shows no secret in any API answer beyond the URLs an export resource hands to its caller', () => {
    expect(describeFindings(answerFindings)).toEqual([]);
  });

  it('keeps the Tencent secret key and the API key out of every raw workflow history', () => {
    const keys = historyFindings.filter((finding) => finding.kind === 'tencent-secret' || finding.kind === 'api-key');
    expect(describeFindings(keys)).toEqual([]);
  });

  it('keeps download URLs and DecryptKeys out of the raw workflow histories (payloads encrypted at rest)', () => {
    const rest = historyFindings.filter((finding) => finding.kind === 'download-url' || finding.kind === 'decrypt-key');
    expect(describeFindings(rest).slice(0, 20)).toEqual([]);
  });
}
