// The suite's report: one row per scenario with exports, kills, restarts, faults, calls, retries, duplicate
// exports, outcomes and durations; the fuzz and secret-scan numbers; the commit it measured; as markdown,
// under tmp/ (never a tracked file: docs/reliability-report.md is published from it on purpose).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FaultKind } from '@crs-export/crs-simulator';
import type { CallStats } from './call-stats';
import type { ActivityAttempts } from './history-stats';
import { describeProvenance, provenanceMarker, type Provenance } from './report-provenance';
import type { SecretKind } from './secret-scanner';

export interface ScenarioResult {
  name: string;
  exports: number;
  /** What the scenario expects, in words ("all SUCCEEDED"). */
  expectation: string;
  outcomes: Record<string, number>;
  kills: number;
  restarts: number;
  calls: CallStats;
  attempts: ActivityAttempts;
  durationMs: number;
  /** Set once the scenario's assertions passed. */
  passed: boolean;
  notes: string[];
}

export interface FuzzResult {
  generated: number;
  handWritten: number;
  byStatus: Record<string, number>;
  violations: string[];
  exportsCreated: number;
  durationMs: number;
}

export interface SecretScanResult {
  histories: number;
  historyBytes: number;
  /** History payloads by their `encoding` metadata (json/plain, binary/encrypted, ...). */
  payloadEncodings: Record<string, number>;
  logLines: number;
  responses: number;
  /** Download URLs the export resources handed out (the positive control of the URL patterns). */
  handedOutUrls: number;
  /** Findings per kind and per place (histories, logs, answers). */
  findings: Record<SecretKind, { histories: number; logs: number; answers: number }>;
}

export interface RunInfo {
  startedAt: string;
  provenance: Provenance;
  topology: string;
  profile: string;
  description: string;
  facts: string[];
  cores: number;
  cpuHogs: number;
  seed: number;
  stackStartupMs: number;
  env: Record<string, string>;
}

const FAULT_LABELS: Record<FaultKind, string> = {
  error: 'error code',
  httpError: 'HTTP 5xx',
  timeout: 'timeout',
  dropResponse: 'dropped',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '-' : entries.map(([key, n]) => `${n} ${key}`).join(', ');
}

function faultCell(calls: CallStats): string {
  const parts = (Object.keys(FAULT_LABELS) as FaultKind[])
    .filter((kind) => calls.faults[kind] > 0)
    .map((kind) => `${calls.faults[kind]} ${FAULT_LABELS[kind]}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

function retriesOf(attempts: ActivityAttempts): number {
  return Object.entries(attempts.retriesByType)
    .filter(([type]) => !type.startsWith('poll'))
    .reduce((sum, [, n]) => sum + n, 0);
}

export class ReliabilityReport {
  readonly scenarios: ScenarioResult[] = [];
  fuzz: FuzzResult | null = null;
  secrets: SecretScanResult | null = null;

  constructor(private readonly run: RunInfo) {}

  add(result: ScenarioResult): ScenarioResult {
    this.scenarios.push(result);
    return result;
  }

  /** Every scenario the run meant to run was recorded and passed, and the fuzz and the secret scan ran. */
  complete(expected: readonly string[]): boolean {
    return (
      expected.every((name) => this.scenarios.some((s) => s.name === name && s.passed)) &&
      this.fuzz !== null &&
      this.fuzz.violations.length === 0 &&
      this.secrets !== null &&
      secretFindings(this.secrets) === 0
    );
  }

  render(totalMs: number, complete: boolean): string {
    const run = this.run;
    const load = run.cpuHogs > 0 ? `, with ${run.cpuHogs} busy-loop processes beside it (RELIABILITY_CPU_HOGS)` : '';
    const lines = [
      provenanceMarker(run.topology, run.provenance, complete),
      `# Reliability report: ${run.topology} topology`,
      '',
      `Written by \`npm run test:reliability\` (apps/reliability, RELIABILITY_TOPOLOGY=${run.topology}, profile ${run.profile}) on ${run.startedAt},`,
      `commit \`${describeProvenance(run.provenance)}\`, ${run.cores} cores${load}, seed ${run.seed}. Every scenario of the profile ran and passed: ${complete ? 'yes' : 'NO'}.`,
      '',
      `The real stack: ${run.description}; started in ${seconds(run.stackStartupMs)}. Whole suite: ${seconds(totalMs)}.`,
      ...run.facts.map((fact) => `- ${fact}`),
      '',
      '| Scenario | Exports | Expected | Outcomes | Kills | Restarts | Faults injected | CRS calls (failed) | Activity retries | ExportRedisBackup calls (accepted) | Duplicate exports | Duration | Verdict |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...this.scenarios.map(
        (s) =>
          `| ${s.name} | ${s.exports} | ${s.expectation} | ${describeCounts(s.outcomes)} | ${s.kills} | ${s.restarts} | ${faultCell(s.calls)} | ${s.calls.calls} (${s.calls.failed}) | ${retriesOf(s.attempts)} | ${s.calls.exportCalls} (${s.calls.acceptedExports}) | ${s.calls.duplicateExports} | ${seconds(s.durationMs)} | ${s.passed ? 'pass' : 'FAIL'} |`,
      ),
      '',
      "Columns: *CRS calls* are the simulator's call log for the scenario (kept across a simulator restart; downloads included);",
      '*failed* are calls the worker got no successful answer to (injected faults and error codes, business errors included; a',
      'call to a simulator that is down is refused before it is logged).',
      '*Activity retries* are attempts beyond the first of the CRS call activities (validate, export, download URL), read from',
      'each workflow history; polls are retries by design and are not counted. *Accepted* ExportRedisBackup calls are those that',
      'took effect at the simulator (including those whose answer was dropped); *duplicate exports* are accepted calls beyond the',
      'first of their backup: a backup exported twice (0 in every row, or the scenario fails). *Kills* count SIGKILLs and SIGTERMs',
      'of a process, *restarts* its starts after them.',
      '',
    ];
    for (const s of this.scenarios.filter((scenario) => scenario.notes.length > 0)) {
      lines.push(`**${s.name}**: ${s.notes.join('; ')}.`, '');
    }
    if (this.fuzz) {
      const f = this.fuzz;
      lines.push(
        '## Bad input',
        '',
        `${f.generated} requests generated from \`/openapi.json\` with fast-check and ${f.handWritten} hand-written ones in ${seconds(f.durationMs)};`,
        `answers by status: ${describeCounts(f.byStatus)}. Contract violations (5xx, undocumented status, body not of its schema): ${f.violations.length}.`,
        `Exports the fuzz started (well-formed ids of no instance): ${f.exportsCreated}, every one checked to end FAILED.`,
        `Verdict: ${f.violations.length === 0 ? 'pass' : `FAIL (${f.violations.length} violations${f.violations.length > 20 ? ', the first 20 below' : ''})`}.`,
        '',
        ...f.violations.slice(0, 20).map((v) => `- ${v}`),
        '',
      );
    }
    if (this.secrets) {
      const s = this.secrets;
      const kinds = Object.entries(s.findings) as [SecretKind, { histories: number; logs: number; answers: number }][];
      lines.push(
        '## Secrets',
        '',
        `Searched: ${s.histories} raw workflow histories (${(s.historyBytes / 1024).toFixed(0)} KiB, payloads as stored: ${describeCounts(s.payloadEncodings)}),`,
        `${s.logLines} log lines of every process and ${s.responses} API answers (bodies and headers). Known values: the worker's`,
        'TENCENTCLOUD_SECRET_KEY, the API key and the planted DecryptKeys (plain, URL-encoded, base64 at any alignment, hex); patterns:',
        'download URLs with a signed query or token, DecryptKey, SecretKey and session-token fields with a value. The download',
        `URLs an export resource hands to its caller (${s.handedOutUrls} of them, every one matched by the patterns) are the product and are`,
        'left out of the answers; anywhere else they count.',
        '',
        '| Kind | In histories | In logs | In API answers |',
        '|---|---|---|---|',
        ...kinds.map(([kind, n]) => `| ${kind} | ${n.histories} | ${n.logs} | ${n.answers} |`),
        '',
        `Verdict: ${secretFindings(s) === 0 ? 'pass' : 'FAIL'}.`,
        '',
      );
    }
    lines.push('## Settings', '', ...Object.entries(this.run.env).map(([key, value]) => `- \`${key}=${value}\``), '');
    return lines.join('\n');
  }

  write(totalMs: number, file: string, complete: boolean): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, this.render(totalMs, complete));
  }
}

export function secretFindings(scan: SecretScanResult): number {
  return Object.values(scan.findings).reduce((sum, n) => sum + n.histories + n.logs + n.answers, 0);
}
