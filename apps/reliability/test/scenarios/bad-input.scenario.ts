// Bad input: requests generated from /openapi.json and hand-written ones, sent once; no 5xx or dropped
// connection, every answer of its documented status and schema, and every export they started ends.
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { badInputCases } from '../../src/bad-input-cases';
import { mapConcurrently, waitUntilTerminal, type TerminalExports } from '../../src/export-driver';
import type { ApiAnswer, ExportResource, RawRequest } from '../../src/export-api';
import { operationsOf, requestsFor } from '../../src/openapi-fuzzer';
import type { OpenApiDocument, OperationObject } from '../../src/openapi-schema';
import { conformanceProblems } from '../../src/response-conformance';
import { SEED, type ReliabilitySuite } from '../support/reliability-suite';

/** Generated requests per documented operation; with the hand-written ones, about 450 requests in all. */
const RUNS_PER_OPERATION = 50;
const BODY_LIMIT_BYTES = 16 * 1024;

interface Exchange {
  label: string;
  operation: OperationObject | null;
  /** A transport failure (reset, closed socket) is recorded as an Error: the API must not drop connections. */
  answer: ApiAnswer | Error;
  /** Hand-written cases say which statuses are right. */
  expected?: number[];
}

function describeRequest(request: RawRequest): string {
  const body = typeof request.body === 'string' ? ` ${request.body.slice(0, 80)}` : request.body ? ' <bytes>' : '';
  return `${request.method} ${request.path.slice(0, 100)}${body}`;
}

async function send(suite: ReliabilitySuite, request: RawRequest): Promise<ApiAnswer | Error> {
  try {
    return await suite.rs.api.request({ ...request, timeoutMs: 10_000 });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function templateOf(path: string): string {
  const bare = path.split('?')[0] ?? '';
  if (!bare.startsWith('/exports/')) return bare;
  return bare.endsWith('/cancel') ? '/exports/{exportId}/cancel' : '/exports/{exportId}';
}

export function badInputScenario(suite: () => ReliabilitySuite): void {
  let doc: OpenApiDocument;
  const exchanges: Exchange[] = [];
  let ended: TerminalExports;

  beforeAll(async () => {
    const { rs, apiKey, report } = suite();
    const started = Date.now();
    doc = (await rs.api.request({ method: 'GET', path: '/openapi.json', headers: {} })).json as OpenApiDocument;
    const generated = operationsOf(doc).flatMap((operation) =>
      fc.sample(requestsFor(doc, operation, apiKey), { numRuns: RUNS_PER_OPERATION, seed: SEED }),
    );
    await mapConcurrently(generated, 4, async (request) => {
      exchanges.push({
        label: describeRequest(request),
        operation: request.operation.operation,
        answer: await send(suite(), request),
      });
    });
    const handWritten = badInputCases(apiKey, BODY_LIMIT_BYTES);
    for (const { label, request, expected } of handWritten) {
      const operation = doc.paths[templateOf(request.path)]?.[request.method.toLowerCase()] ?? null;
      exchanges.push({ label, operation, answer: await send(suite(), request), expected });
    }
    // Well-formed ids of no instance start real exports.
    const created = new Set<string>();
    for (const { answer } of exchanges) {
      const exportId =
        answer instanceof Error ? undefined : (answer.json as Partial<ExportResource> | undefined)?.exportId;
      if (exportId && !(answer instanceof Error) && (answer.status === 201 || answer.status === 200))
        created.add(exportId);
    }
    ended = await waitUntilTerminal(rs.api, [...created], { timeoutMs: 60_000 });
    const byStatus: Record<string, number> = {};
    for (const { answer } of exchanges) {
      const key = answer instanceof Error ? 'no answer' : String(answer.status);
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    report.fuzz = {
      generated: generated.length,
      handWritten: handWritten.length,
      byStatus,
      violations: exchanges.flatMap(({ label, operation, answer, expected }) =>
        contractProblems(doc, operation, answer, expected).map((problem) => `${label} -> ${problem}`),
      ),
      exportsCreated: created.size,
      durationMs: Date.now() - started,
    };
  });

  it('never answers 5xx or drops the connection, whatever the request', () => {
    const failures = exchanges.filter(({ answer }) => answer instanceof Error || answer.status >= 500);
    expect(
      failures.map(({ label, answer }) => `${label} -> ${answer instanceof Error ? answer.message : answer.status}`),
    ).toEqual([]);
    expect(suite().rs.unexpectedExits).toEqual([]);
    expect(
      suite()
        .rs.apis.filter((api) => !api.running())
        .map((api) => api.name),
    ).toEqual([]);
  });

  it('answers with a documented status and a body of its documented schema (problem+json for errors)', () => {
    const problems = exchanges.flatMap(({ label, operation, answer }) =>
      answer instanceof Error
        ? []
        : conformanceProblems(doc, operation, answer).map((problem) => `${label} -> ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('refuses each hand-written bad request with the 4xx it deserves', () => {
    const wrong = exchanges.filter(
      ({ answer, expected }) => expected && !(answer instanceof Error) && !expected.includes(answer.status),
    );
    expect(
      wrong.map(
        ({ label, answer, expected }) =>
          `${label} -> ${answer instanceof Error ? '' : `${answer.status} ${answer.text.slice(0, 120)}`} (expected ${expected?.join(' or ')})`,
      ),
    ).toEqual([]);
  });

  it('brings every export a fuzzed request started to its end: FAILED, as its instance does not exist', () => {
    expect(ended.byId.size).toBeGreaterThan(0);
    const notFailed = [...ended.byId.values()].filter((resource) => resource.state !== 'FAILED');
    expect(notFailed.map((resource) => `${resource.exportId}=${resource.state}`)).toEqual([]);
  });
}

function contractProblems(
  doc: OpenApiDocument,
  operation: OperationObject | null,
  answer: ApiAnswer | Error,
  expected?: number[],
): string[] {
  if (answer instanceof Error) return [`no answer: ${answer.message}`];
  const problems = conformanceProblems(doc, operation, answer);
  if (expected && !expected.includes(answer.status))
    problems.push(`answered ${answer.status}, expected ${expected.join(' or ')}: ${answer.text.slice(0, 160)}`);
  return problems;
}
