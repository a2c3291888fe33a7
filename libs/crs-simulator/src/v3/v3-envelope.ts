// The 3.0 answer envelope (crs-v3-api.md §3.1): `{"Response": {...fields, "RequestId"}}` or
// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`, always HTTP 200, with the caller's
// X-TC-TraceId echoed (or a new one).
import type { ServerResponse } from 'node:http';

export function successEnvelope(fields: Record<string, unknown>, requestId: string): Record<string, unknown> {
  return { Response: { ...fields, RequestId: requestId } };
}

export function errorEnvelope(code: string, message: string, requestId: string): Record<string, unknown> {
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}

export function sendEnvelope(res: ServerResponse, body: Record<string, unknown>, traceId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-tc-traceid': traceId,
  });
  res.end(text);
}

/** What an API gateway in front of Tencent answers for an injected HTTP error: an HTML page. */
export function sendGatewayError(res: ServerResponse, status: number, traceId: string): void {
  const text = `<html>\r\n<head><title>${status} injected fault</title></head>\r\n<body>\r\n<center><h1>${status} injected fault</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, {
    'content-type': 'text/html',
    'content-length': Buffer.byteLength(text),
    'x-tc-traceid': traceId,
  });
  res.end(text);
}
