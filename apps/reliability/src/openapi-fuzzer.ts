// Requests generated from the API's OpenAPI document with fast-check: path, query and body values that
// follow the schemas or break them (wrong types, unknown fields, unicode, injection strings), odd headers.
import fc from 'fast-check';
import type { RawRequest } from './export-api';
import { resolveSchema, type OpenApiDocument, type OperationObject, type SchemaObject } from './openapi-schema';

/** Strings that have broken services before: injections, traversal, control and odd unicode. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "RedisId = 'crs-j30wibe7' OR ExportState != ''",
  '"; DROP TABLE executions; --',
  '../../../etc/passwd',
  '..%2f..%2fhealthz',
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '%00',
  '\u0000',
  '\r\nX-Injected: 1',
  'crs-ј30wibe7',
  'ｃｒｓ－ｊ３０ｗｉｂｅ７',
  '3a07b27e-f744-11e6-babc-525400082493\u200b',
  '\u202egnp.exe',
  '😀🔥'.repeat(20),
  'export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493/../../healthz',
  '__proto__',
  'constructor',
  'a'.repeat(3000),
] as const;

export interface FuzzOperation {
  method: string;
  template: string;
  operation: OperationObject;
}

export interface FuzzRequest extends RawRequest {
  operation: FuzzOperation;
  /** The body as sent, for the failure message. */
  bodyText?: string;
}

export function operationsOf(doc: OpenApiDocument): FuzzOperation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), template, operation })),
  );
}

/** Percent-encodes every UTF-8 byte but the unreserved ones (lone surrogates become U+FFFD, as on the wire). */
export function encodeComponent(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
);

/** Values that conform to the schema (what a careful client sends). */
export function conformingValue(doc: OpenApiDocument, raw: SchemaObject): fc.Arbitrary<unknown> {
  const schema = resolveSchema(doc, raw);
  if (schema.allOf?.[0]) return conformingValue(doc, schema.allOf[0]);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string({ maxLength: 40 });
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? conformingValue(doc, schema.items) : fc.jsonValue(), { maxLength: 3 });
    default: {
      const properties = Object.entries(schema.properties ?? {});
      const required = schema.required ?? [];
      return fc.record(
        Object.fromEntries(properties.map(([name, property]) => [name, conformingValue(doc, property)])),
        {
          requiredKeys: required.filter((name) => properties.some(([key]) => key === name)),
        },
      );
    }
  }
}

/** Each field conforming, broken or missing, sometimes with unknown fields; sometimes no object at all. */
function bodyValue(doc: OpenApiDocument, raw: SchemaObject): fc.Arbitrary<unknown> {
  const schema = resolveSchema(doc, raw);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) => [
    name,
    fc.oneof({ weight: 3, arbitrary: conformingValue(doc, property) }, { weight: 2, arbitrary: hostileValue }),
  ]);
  const object = fc
    .tuple(
      fc.record(Object.fromEntries(fields) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] }),
      fc.option(
        fc.dictionary(fc.oneof(hostileString, fc.string({ maxLength: 12 })), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        }),
        { freq: 3 },
      ),
    )
    .map(([known, unknown]) => ({ ...(unknown ?? {}), ...known }));
  return fc.oneof(
    { weight: 2, arbitrary: conformingValue(doc, schema) },
    { weight: 5, arbitrary: object },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

function parameterValue(doc: OpenApiDocument, schema: SchemaObject | undefined): fc.Arbitrary<string> {
  const conforming = schema ? conformingValue(doc, schema).map((value) => String(value)) : fc.string({ maxLength: 20 });
  return fc.oneof(
    { weight: 2, arbitrary: conforming },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
}

/** An exportId: well-formed but unknown, or anything a client might put in the path. */
function exportIdValue(): fc.Arbitrary<string> {
  const wellFormed = fc
    .tuple(fc.stringMatching(/^[a-z0-9]{8}$/), fc.uuid({ version: 1 }))
    .map(([suffix, uuid]) => `export-crs-${suffix}-${uuid}`);
  return fc.oneof(
    wellFormed,
    hostileString.filter((id) => id.length > 0),
  );
}

function authorization(apiKey: string): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ authorization: `Bearer ${apiKey}` }) },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'Bearer wrong-key-0000000000000000',
          `Basic ${Buffer.from('a:b').toString('base64')}`,
          'Bearer',
          `bearer  ${apiKey}x`,
        )
        .map((value) => ({ authorization: value })),
    },
  );
}

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'multipart/form-data',
];

function contentType(): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ 'content-type': 'application/json' }) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES).map((value) => ({ 'content-type': value })) },
    { weight: 1, arbitrary: fc.constant({}) },
  );
}

/** Requests for one operation of the document. */
export function requestsFor(doc: OpenApiDocument, operation: FuzzOperation, apiKey: string): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const path = fc
    .tuple(...pathParameters.map(() => exportIdValue()))
    .map((values) =>
      pathParameters.reduce(
        (template, parameter, i) => template.replace(`{${parameter.name}}`, encodeComponent(values[i] ?? '')),
        operation.template,
      ),
    );
  const query = fc
    .tuple(
      ...queryParameters.map((parameter) =>
        fc
          .option(fc.array(parameterValue(doc, parameter.schema), { minLength: 1, maxLength: 2 }), { freq: 2 })
          .map((values) =>
            (values ?? []).map((value) => `${encodeComponent(parameter.name)}=${encodeComponent(value)}`),
          ),
      ),
    )
    .map((pairs) => pairs.flat().join('&'));
  const bodySchema = operation.operation.requestBody?.content['application/json']?.schema;
  const body = bodySchema
    ? fc.option(
        bodyValue(doc, bodySchema).map((value) => JSON.stringify(value) ?? 'null'),
        { freq: 8 },
      )
    : fc.constant(null);
  return fc
    .record({ path, query, body, auth: authorization(apiKey), type: bodySchema ? contentType() : fc.constant({}) })
    .map(({ path: encodedPath, query: queryString, body: bodyText, auth, type }) => ({
      operation,
      method: operation.method,
      path: queryString ? `${encodedPath}?${queryString}` : encodedPath,
      headers: { ...auth, ...(bodyText === null ? {} : type) },
      ...(bodyText === null ? {} : { body: bodyText, bodyText }),
    }));
}
