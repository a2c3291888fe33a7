// Bad input: requests generated from /openapi.json and hand-written ones; no 5xx, every answer of its
// documented schema, and every export a fuzzed request started still ends (nothing stuck or lost).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { badInputCases } from '../../src/bad-input-cases';
import { mapConcurrently, waitUntilTerminal } from '../../src/export-driver';
import type { ApiAnswer, ExportResource, RawRequest } from '../../src/export-api';
import { operationsOf, requestsFor } from '../../src/openapi-fuzzer';
import type { OpenApiDocument } from '../../src/openapi-schema';
import { conformanceProblems } from '../../src/response-conformance';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

/** Generated requests per documented operation; with the hand-written ones, about 450 requests in all. */
const RUNS_PER_OPERATION = 50;
const BODY_LIMIT_BYTES = 16 * 1024;

function describeRequest(request: RawRequest): string {
  const body = typeof request.body === 'string' ? ` ${request.body.slice(0, 80)}` : request.body ? ' <bytes>' : '';
  return `${request.method} ${request.path.slice(0, 100)}${body}`;
}

/** A transport failure (reset, closed socket) is an answer too: the API must not drop connections. */
async function send(suite: ReliabilitySuite, request: RawRequest): Promise<ApiAnswer | Error> {
  try {
    return await suite.rs.api.request({ ...request, timeoutMs: 10_000 });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function badInputScenario(suite: () => ReliabilitySuite): void {
  it('answers generated and hand-written bad requests with documented 4xx problems, never a 5xx', async () => {
    const { rs, apiKey, report } = suite();
    const started = Date.now();
    const docAnswer = await rs.api.request({ method: 'GET', path: '/openapi.json', headers: {} });
    expect(docAnswer.status).toBe(200);
    const doc = docAnswer.json as OpenApiDocument;
    const operations = operationsOf(doc);
    expect(operations.map((op) => `${op.method} ${op.template}`)).toEqual(
      expect.arrayContaining(['POST /exports', 'GET /exports', 'GET /exports/{exportId}', 'POST /exports/{exportId}/cancel']),
    );

    const generated = operations.flatMap((operation) => fc.sample(requestsFor(doc, operation, apiKey), { numRuns: RUNS_PER_OPERATION, seed: SEED }));
    const handWritten = badInputCases(apiKey, BODY_LIMIT_BYTES);
    const violations: string[] = [];
    const byStatus: Record<string, number> = {};
    const createdExports = new Set<string>();
    const tally = (answer: ApiAnswer | Error): void => {
      const key = answer instanceof Error ? 'no answer' : String(answer.status);
      byStatus[key] = (byStatus[key] ?? 0) + 1;
      if (!(answer instanceof Error) && (answer.status === 201 || answer.status === 200) && (answer.json as ExportResource | undefined)?.exportId) {
        createdExports.add((answer.json as ExportResource).exportId);
      }
    };

    await mapConcurrently(generated, 4, async (request) => {
      const answer = await send(suite(), request);
      tally(answer);
      const problems = answer instanceof Error ? [`no answer: ${answer.message}`] : conformanceProblems(doc, request.operation.operation, answer);
      if (problems.length > 0) violations.push(`${describeRequest(request)} -> ${problems.join('; ')}`);
    });
    for (const { label, request, expected } of handWritten) {
      const answer = await send(suite(), request);
      tally(answer);
      if (answer instanceof Error) {
        violations.push(`${label}: no answer (${answer.message})`);
        continue;
      }
      const template = request.path.startsWith('/exports/') ? (request.path.endsWith('/cancel') ? '/exports/{exportId}/cancel' : '/exports/{exportId}') : request.path.split('?')[0] ?? '';
      const operation = doc.paths[template]?.[request.method.toLowerCase()] ?? null;
      const problems = conformanceProblems(doc, operation, answer);
      if (!expected.includes(answer.status)) problems.push(`answered ${answer.status}, expected ${expected.join(' or ')}: ${answer.text.slice(0, 160)}`);
      if (problems.length > 0) violations.push(`${label} -> ${problems.join('; ')}`);
    }

    // Well-formed ids of no instance start real exports: each must still end, FAILED with Tencent's code.
    const ended = await waitUntilTerminal(rs.api, [...createdExports], { timeoutMs: 60_000 });
    const notFailed = [...ended.byId.values()].filter((resource) => resource.state !== 'FAILED');
    report.fuzz = {
      generated: generated.length,
      handWritten: handWritten.length,
      byStatus,
      violations,
      exportsCreated: createdExports.size,
      durationMs: Date.now() - started,
    };

    expect(violations).toEqual([]);
    expect(byStatus['no answer'] ?? 0).toBe(0);
    expect(Object.keys(byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
    expect(notFailed.map((resource) => `${resource.exportId}=${resource.state}`)).toEqual([]);
    expect(rs.unexpectedExits).toEqual([]);
    expect(rs.stack.running('api')).toBe(true);
  });
}
