// Errors of the simulated COS as COS answers them: an XML `<Error>` document with Code, Message,
// Resource, RequestId and TraceId, and COS's own headers.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

export function cosRequestId(): string {
  return randomBytes(24).toString('base64');
}

/** COS's headers on every answer. */
export function cosHeaders(requestId: string): Record<string, string> {
  return { server: 'tencent-cos', 'x-cos-request-id': requestId };
}

export function sendCosError(
  res: ServerResponse,
  input: {
    status: number;
    code: string;
    message: string;
    resource: string;
    requestId: string;
    headers?: Record<string, string>;
  },
): void {
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Error>',
    `\t<Code>${escapeXml(input.code)}</Code>`,
    `\t<Message>${escapeXml(input.message)}</Message>`,
    `\t<Resource>${escapeXml(input.resource)}</Resource>`,
    `\t<RequestId>${escapeXml(input.requestId)}</RequestId>`,
    `\t<TraceId>${escapeXml(Buffer.from(input.requestId).toString('base64'))}</TraceId>`,
    '</Error>',
    '',
  ].join('\n');
  res.writeHead(input.status, {
    ...cosHeaders(input.requestId),
    ...input.headers,
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
