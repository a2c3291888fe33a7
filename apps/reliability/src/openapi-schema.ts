// Checks a JSON value against an OpenAPI 3.0 schema of the API's own document: the subset Nest's swagger
// module emits ($ref, allOf/oneOf/anyOf, nullable, enum, type, properties, required, items, formats).
export interface SchemaObject {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, { description?: string; content?: Record<string, MediaTypeObject> }>;
  security?: Record<string, string[]>[];
}

const REF_PREFIX = '#/components/schemas/';

export function resolveSchema(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (!schema.$ref) return schema;
  if (!schema.$ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${schema.$ref}`);
  const target = doc.components?.schemas?.[schema.$ref.slice(REF_PREFIX.length)];
  if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
  return resolveSchema(doc, target);
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/** Every way the value departs from the schema, as `$.path: problem`; empty when it conforms. */
export function schemaProblems(doc: OpenApiDocument, rawSchema: SchemaObject, value: unknown, at = '$'): string[] {
  const schema = resolveSchema(doc, rawSchema);
  if (value === null)
    return schema.nullable
      ? []
      : schema.oneOf || schema.anyOf
        ? alternatives(doc, schema, value, at)
        : [`${at}: null is not allowed`];
  const problems: string[] = [];
  for (const part of schema.allOf ?? []) problems.push(...schemaProblems(doc, part, value, at));
  if (schema.oneOf || schema.anyOf) problems.push(...alternatives(doc, schema, value, at));
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.type && !typeMatches(schema.type, value))
    return [...problems, `${at}: expected ${schema.type}, got ${JSON.stringify(value)?.slice(0, 80)}`];
  if (typeof value === 'string') {
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
      problems.push(`${at}: ${JSON.stringify(value)} is not a date-time`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      problems.push(`${at}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    value.forEach((item, i) => problems.push(...schemaProblems(doc, items, item, `${at}[${i}]`)));
  }
  if (typeof value === 'object' && !Array.isArray(value))
    problems.push(...objectProblems(doc, schema, value as Record<string, unknown>, at));
  return problems;
}

function alternatives(doc: OpenApiDocument, schema: SchemaObject, value: unknown, at: string): string[] {
  const options = schema.oneOf ?? schema.anyOf ?? [];
  const passing = options.filter((option) => schemaProblems(doc, option, value, at).length === 0).length;
  if (schema.oneOf && passing !== 1) return [`${at}: matches ${passing} of the oneOf alternatives, not exactly 1`];
  if (schema.anyOf && passing === 0) return [`${at}: matches none of the anyOf alternatives`];
  return [];
}

function objectProblems(
  doc: OpenApiDocument,
  schema: SchemaObject,
  value: Record<string, unknown>,
  at: string,
): string[] {
  const problems: string[] = [];
  for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${at}.${key}: required but missing`);
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property) problems.push(...schemaProblems(doc, property, item, `${at}.${key}`));
    else if (schema.additionalProperties === false) problems.push(`${at}.${key}: not a documented field`);
    else if (typeof schema.additionalProperties === 'object')
      problems.push(...schemaProblems(doc, schema.additionalProperties, item, `${at}.${key}`));
  }
  return problems;
}
