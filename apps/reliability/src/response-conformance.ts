// Whether an answer of the API keeps its documented contract: no 5xx, a documented status, and a body of
// the documented schema (errors: RFC 9457 application/problem+json with the status and the request id).
import type { ApiAnswer } from './export-api';
import { schemaProblems, type OpenApiDocument, type OperationObject, type SchemaObject } from './openapi-schema';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_SCHEMA: SchemaObject = { $ref: '#/components/schemas/ProblemDto' };

function mediaTypeOf(answer: ApiAnswer): string {
  return (answer.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** An error answer as a problem document: media type, schema, `status` equal to the HTTP status, request id. */
export function problemShapeProblems(
  doc: OpenApiDocument,
  answer: ApiAnswer,
  schema: SchemaObject = PROBLEM_SCHEMA,
): string[] {
  const problems: string[] = [];
  if (mediaTypeOf(answer) !== PROBLEM_MEDIA_TYPE)
    problems.push(`content-type ${answer.headers['content-type'] ?? 'missing'}, not ${PROBLEM_MEDIA_TYPE}`);
  if (answer.json === undefined) return [...problems, `body is not JSON: ${answer.text.slice(0, 120)}`];
  problems.push(...schemaProblems(doc, schema, answer.json));
  const body = answer.json as { status?: unknown; requestId?: unknown };
  if (body.status !== answer.status)
    problems.push(`problem status ${String(body.status)} differs from HTTP ${answer.status}`);
  const requestIdHeader = answer.headers['x-request-id'];
  if (requestIdHeader !== undefined && body.requestId !== requestIdHeader)
    problems.push('problem requestId differs from X-Request-Id');
  return problems;
}

/** What is wrong with the answer to one documented operation; empty when it keeps the contract. */
export function conformanceProblems(
  doc: OpenApiDocument,
  operation: OperationObject | null,
  answer: ApiAnswer,
): string[] {
  if (answer.status >= 500) return [`answered ${answer.status}: ${answer.text.slice(0, 200)}`];
  if (!operation) return answer.status >= 400 ? problemShapeProblems(doc, answer) : [];
  const documented = operation.responses[String(answer.status)] ?? operation.responses['default'];
  if (!documented)
    return [`status ${answer.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
  const mediaType = mediaTypeOf(answer);
  if (answer.status >= 400)
    return problemShapeProblems(doc, answer, documented.content?.[PROBLEM_MEDIA_TYPE]?.schema ?? PROBLEM_SCHEMA);
  if (!documented.content) return [];
  const media = documented.content[mediaType];
  if (!media)
    return [
      `content-type ${mediaType || 'missing'} is not documented (documented: ${Object.keys(documented.content).join(', ')})`,
    ];
  if (!mediaType.endsWith('json') || !media.schema) return [];
  if (answer.json === undefined) return [`body is not JSON: ${answer.text.slice(0, 120)}`];
  return schemaProblems(doc, media.schema, answer.json);
}
