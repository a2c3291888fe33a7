// Proto3 JSON of temporal.api.common.v1.Payloads, the body of the codec server protocol: bytes as base64.
import type { Payload } from '@temporalio/common';

export interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}

export interface JsonPayloads {
  payloads: JsonPayload[];
}

/** A request body that is not the proto3 JSON of Payloads; the message names the field, never its value. */
export class MalformedPayloadsError extends Error {
  override readonly name = 'MalformedPayloadsError';
}

// Proto3 JSON parsers accept standard and URL-safe base64, padded or not.
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;

/** `{ "payloads": [{ "metadata": { "k": "<base64>" }, "data": "<base64>" }] }`; `{}` is zero payloads. */
export function payloadsFromJson(body: unknown): Payload[] {
  if (!isRecord(body)) throw new MalformedPayloadsError('the body must be a JSON object { "payloads": [...] }');
  const payloads = body['payloads'] ?? [];
  if (!Array.isArray(payloads)) throw new MalformedPayloadsError('"payloads" must be an array');
  return payloads.map((payload: unknown, index) => payloadFromJson(payload, `payloads[${index}]`));
}

export function payloadsToJson(payloads: readonly Payload[]): JsonPayloads {
  return {
    payloads: payloads.map(({ metadata, data }) => ({
      metadata: Object.fromEntries(
        Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')]),
      ),
      data: Buffer.from(data ?? []).toString('base64'),
    })),
  };
}

function payloadFromJson(payload: unknown, where: string): Payload {
  if (!isRecord(payload)) throw new MalformedPayloadsError(`${where} must be an object { metadata, data }`);
  const metadata = payload['metadata'] ?? {};
  if (!isRecord(metadata)) throw new MalformedPayloadsError(`${where}.metadata must be an object of base64 strings`);
  const data = payload['data'] ?? '';
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata).map(([key, value]) => [key, base64Bytes(value, `${where}.metadata`)]),
    ),
    data: base64Bytes(data, `${where}.data`),
  };
}

function base64Bytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new MalformedPayloadsError(`${where} must be base64`);
  return Buffer.from(value, 'base64');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
