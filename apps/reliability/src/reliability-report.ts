// The suite's report: one row per scenario with exports, kills, restarts, faults, calls, retries,
// outcomes and durations; the fuzz and secret-scan numbers; written as markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FaultKind } from '@crs-export/crs-simulator';
import type { CallStats } from './call-stats';
import type { ActivityAttempts } from './history-stats';

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
  logLines: number;
  responses: number;
  findings: number;
}

export interface RunInfo {
  startedAt: string;
  commit: string;
  cores: number;
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

  render(totalMs: number): string {
    const lines = [
      '# Reliability report',
      '',
      `Written by \`npm run test:reliability\` (apps/reliability) on ${this.run.startedAt}, commit \`${this.run.commit}\`, ${this.run.cores} cores,`,
      `seed ${this.run.seed}. The real stack: Temporal dev server on SQLite, the CRS simulator, the worker and the API as`,
      `processes (started in ${seconds(this.run.stackStartupMs)}). Whole suite: ${seconds(totalMs)}.`,
      '',
      '| Scenario | Exports | Expected | Outcomes | Kills | Restarts | Faults injected | CRS calls (failed) | Activity retries | ExportRedisBackup calls (accepted) | Duration | Verdict |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...this.scenarios.map(
        (s) =>
          `| ${s.name} | ${s.exports} | ${s.expectation} | ${describeCounts(s.outcomes)} | ${s.kills} | ${s.restarts} | ${faultCell(s.calls)} | ${s.calls.calls} (${s.calls.failed}) | ${retriesOf(s.attempts)} | ${s.calls.exportCalls} (${s.calls.acceptedExports}) | ${seconds(s.durationMs)} | ${s.passed ? 'pass' : 'FAIL'} |`,
      ),
      '',
      "Columns: *CRS calls* are the simulator's call log for the scenario; *failed* are calls the worker got no successful answer to",
      '(injected faults and error codes, business errors included). *Activity retries* are attempts beyond the first of the',
      'CRS call activities (validate, export, download URL), read from each workflow history; polls are retries by design and',
      'are not counted. *Accepted* ExportRedisBackup calls are those that took effect at the simulator (including those whose',
      'answer was dropped): one per export means no backup was exported twice.',
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
      lines.push(
        '## Secrets',
        '',
        `The worker's TENCENTCLOUD_SECRET_KEY (plain, URL-encoded, base64 and hex) searched in ${s.histories} workflow histories`,
        `(${(s.historyBytes / 1024).toFixed(0)} KiB of JSON), ${s.logLines} log lines of every service and ${s.responses} API answers (bodies and headers):`,
        `${s.findings} found. Verdict: ${s.findings === 0 ? 'pass' : 'FAIL'}.`,
        '',
      );
    }
    lines.push('## Settings', '', ...Object.entries(this.run.env).map(([key, value]) => `- \`${key}=${value}\``), '');
    return lines.join('\n');
  }

  write(totalMs: number, files: string[]): void {
    const text = this.render(totalMs);
    for (const file of files) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
}
