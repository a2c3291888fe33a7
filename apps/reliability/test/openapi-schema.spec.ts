// The schema checker the fuzzer relies on: it must accept what the document allows and name what it does not.
import { describe, expect, it } from 'vitest';
import { schemaProblems, type OpenApiDocument } from '../src/openapi-schema';

const doc: OpenApiDocument = {
  openapi: '3.0.0',
  paths: {},
  components: {
    schemas: {
      Download: {
        type: 'object',
        properties: { url: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
        required: ['url'],
      },
      Export: {
        type: 'object',
        properties: {
          state: { type: 'string', enum: ['SUCCEEDED', 'FAILED'] },
          taskId: { type: 'number', nullable: true },
          download: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Download' }] },
          code: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
          stateEnteredAt: { type: 'object', additionalProperties: { type: 'string', format: 'date-time' } },
        },
        required: ['state', 'taskId'],
      },
    },
  },
};
const exportSchema = { $ref: '#/components/schemas/Export' };

describe('schemaProblems', () => {
  it('accepts a value the schema allows, nulls where nullable', () => {
    expect(schemaProblems(doc, exportSchema, { state: 'FAILED', taskId: null, download: null, code: 11214 })).toEqual(
      [],
    );
    expect(
      schemaProblems(doc, exportSchema, {
        state: 'SUCCEEDED',
        taskId: 7,
        download: { url: 'x', expiresAt: '2026-11-29T00:00:00Z' },
        code: 'ExportTaskFailed',
      }),
    ).toEqual([]);
  });

  it('names a missing required field, a wrong type, a value outside the enum and a bad date', () => {
    const problems = schemaProblems(doc, exportSchema, {
      state: 'DONE',
      download: { expiresAt: 'soon' },
      stateEnteredAt: { FAILED: 3 },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        '$.taskId: required but missing',
        expect.stringContaining('$.state: "DONE" is not one of'),
        '$.download.url: required but missing',
        '$.download.expiresAt: "soon" is not a date-time',
        expect.stringContaining('$.stateEnteredAt.FAILED: expected string'),
      ]),
    );
  });

  it('refuses null where the schema does not allow it, and a value matching no oneOf alternative', () => {
    expect(schemaProblems(doc, exportSchema, { state: null, taskId: 1 })).toEqual(['$.state: null is not allowed']);
    expect(schemaProblems(doc, exportSchema, { state: 'FAILED', taskId: 1, code: true })).toEqual([
      '$.code: matches 0 of the oneOf alternatives, not exactly 1',
    ]);
  });
});
