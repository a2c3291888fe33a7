// Last: the worker's Tencent secret key appears in no workflow history (fetched through the client), no
// log line of any service, and no API answer (body or header) the suite received.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { mapConcurrently } from '../../src/export-driver';
import { logFileLines, scanTexts, type ScannedText } from '../../src/secret-scanner';
import type { ReliabilitySuite } from '../support/reliability-suite';

/** Payload bytes as text, so that JSON payloads are searched as the strings they hold. */
function historyJson(history: unknown): string {
  return JSON.stringify(history, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (typeof value === 'bigint') return value.toString();
    return value;
  });
}

export function secretsScenario(suite: () => ReliabilitySuite): void {
  it('never shows the Tencent secret key in histories, logs or API answers', async () => {
    const { rs, report, secretKey } = suite();
    // The scanner finds the key where it is: in the scenario file the simulator checks signatures with.
    expect(
      scanTexts(
        [{ where: 'scenario.json', text: readFileSync(join(rs.logDir, '..', 'scenario.json'), 'utf8') }],
        secretKey,
      ),
    ).toHaveLength(1);

    const workflowIds: string[] = [];
    for await (const execution of rs.temporal.workflow.list()) workflowIds.push(execution.workflowId);
    let historyBytes = 0;
    const histories = await mapConcurrently(workflowIds, 8, async (id): Promise<ScannedText> => {
      const text = historyJson(await rs.temporal.workflow.getHandle(id).fetchHistory());
      historyBytes += text.length;
      return { where: `history of ${id}`, text };
    });
    const logLines = [
      ...logFileLines(rs.logDir),
      ...rs.lines.map(({ service, line }) => ({ where: `${service} output`, text: line })),
    ];
    const answers = rs.traffic.all().map((answer) => ({
      where: `${answer.method} ${answer.path.slice(0, 80)} -> ${answer.status}`,
      text: `${JSON.stringify(answer.headers)}\n${answer.body}`,
    }));
    const findings = [
      ...scanTexts(histories, secretKey),
      ...scanTexts(logLines, secretKey),
      ...scanTexts(answers, secretKey),
    ];
    report.secrets = {
      histories: histories.length,
      historyBytes,
      logLines: logLines.length,
      responses: answers.length,
      findings: findings.length,
    };

    // Enough material that a leak would have shown: every export's history, the worker's own log lines.
    expect(histories.length).toBeGreaterThanOrEqual(report.scenarios.reduce((sum, s) => sum + s.exports, 0));
    expect(rs.lines.filter((line) => line.service === 'worker').length).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });
}
