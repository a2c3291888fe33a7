// Temporal's codec server protocol over node:http (POST /encode, POST /decode), for the Web UI and the CLI.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, PayloadCodec } from '@temporalio/common';
import { CodecCorsPolicy } from './codec-server-cors';
import { PayloadDecryptionError } from './payload-codec-errors';
import { MalformedPayloadsError, payloadsFromJson, payloadsToJson } from './payloads-json';

export type CodecOperation = 'encode' | 'decode';

/** What an authorizer may look at: the headers, not the body (the payloads are never handed out). */
export interface CodecRequest {
  readonly operation: CodecOperation;
  readonly headers: IncomingHttpHeaders;
  /** The `X-Namespace` header the Web UI and the CLI send, or null. */
  readonly namespace: string | null;
  /** The Origin header of a browser request, or null. */
  readonly origin: string | null;
}

/** `unauthenticated` answers 401 (no or an unknown credential), `forbidden` 403 (known, but not allowed). */
export type CodecAuthorization = 'allow' | 'unauthenticated' | 'forbidden';

export type CodecAuthorizer = (request: CodecRequest) => CodecAuthorization | Promise<CodecAuthorization>;

export interface CodecServerOptions {
  readonly codec: PayloadCodec;
  /** Decides every request to `/encode` and `/decode` (e.g. a bearer key checked against the API's keys). */
  readonly authorize: CodecAuthorizer;
  /**
   * Secret path prefixes for clients that cannot send an Authorization header (the Temporal Web UI without a
   * login of its own): `/<token>/decode` and `/<token>/encode` are allowed without `authorize`. At least 22
   * characters of `A-Z a-z 0-9 _ -`; generateCodecCapabilityToken() makes one. Any other prefix is refused.
   */
  readonly capabilityTokens?: readonly string[];
  /** Browser origins allowed to call (the Web UI's, e.g. http://127.0.0.1:8233). Others are refused. */
  readonly allowedOrigins?: readonly string[];
  /** Send Access-Control-Allow-Credentials (the Web UI's "Include cross-origin credentials" setting). */
  readonly allowCredentials?: boolean;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Largest request body accepted (413 above it); default 8 MiB. */
  readonly maxBodyBytes?: number;
  /** Refusals and failures, by operation and status only: never payloads, keys, tokens or paths. */
  readonly logger?: Logger;
}

export interface CodecServer {
  /** `http://host:port`, without any capability token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `GET /healthz` answers 200 `{ "status": "ok" }` to anyone (no payloads, no key check). */
export const CODEC_SERVER_HEALTH_PATH = '/healthz';
const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const MIN_TOKEN_LENGTH = 22;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A random capability token (32 bytes, base64url) for `capabilityTokens`. */
export function generateCodecCapabilityToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts the codec server; `close()` stops it and drops open connections. */
export async function createCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const handle = codecRequestHandler(options);
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger?.error('codec server: request failed', { error: errorName(error) });
      if (!response.headersSent) sendError(response, 500, 'internal', 'the codec server failed');
      else response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

type Route = { operation: CodecOperation; token: string | null };

function codecRequestHandler(
  options: CodecServerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const cors = new CodecCorsPolicy(options.allowedOrigins ?? [], options.allowCredentials ?? false);
  const tokens = capabilityDigests(options.capabilityTokens ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const refuse = (response: ServerResponse, status: number, code: string, message: string, route: Route | null) => {
    options.logger?.debug('codec server: request refused', { status, code, operation: route?.operation ?? null });
    sendError(response, status, code, message);
  };

  return async (request, response) => {
    response.setHeader('Vary', 'Origin');
    if ((request.url ?? '/').split('?')[0] === CODEC_SERVER_HEALTH_PATH && request.method === 'GET') {
      // For supervisors and container health checks: says nothing but that the server answers.
      return sendJson(response, 200, { status: 'ok' });
    }
    const route = routeOf(request.url ?? '/', tokens.length > 0);
    if (!route) {
      return refuse(
        response,
        404,
        'not_found',
        'the codec server answers POST /encode, POST /decode and GET /healthz',
        null,
      );
    }
    const origin = CodecCorsPolicy.originOf(request);
    if (origin !== null && !cors.allows(origin)) {
      return refuse(response, 403, 'origin_not_allowed', 'this origin may not call the codec server', route);
    }
    if (origin !== null) cors.applyTo(response, origin);
    if (request.method === 'OPTIONS') {
      if (origin !== null && request.headers['access-control-request-method']) {
        return cors.answerPreflight(response, origin);
      }
      response.setHeader('Allow', 'POST, OPTIONS');
      return void response.writeHead(204).end();
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST, OPTIONS');
      return refuse(response, 405, 'method_not_allowed', `${route.operation} takes POST`, route);
    }
    if (route.token !== null) {
      if (!matchesAny(route.token, tokens)) {
        return refuse(response, 403, 'forbidden', 'this codec server path is not valid', route);
      }
    } else {
      const decision = await options.authorize({
        operation: route.operation,
        headers: request.headers,
        namespace: singleHeader(request.headers['x-namespace']),
        origin,
      });
      if (decision === 'forbidden') {
        return refuse(response, 403, 'forbidden', 'this credential may not use the codec', route);
      }
      // Anything but an explicit 'allow' (a JS caller's undefined, say) refuses.
      if (decision !== 'allow') {
        response.setHeader('WWW-Authenticate', 'Bearer');
        return refuse(response, 401, 'unauthenticated', 'a valid credential is required', route);
      }
    }
    if (!isJson(request.headers['content-type'])) {
      return refuse(response, 415, 'unsupported_media_type', 'the body must be application/json', route);
    }
    const body = await readBody(request, maxBodyBytes);
    if (body === 'too-large') {
      response.setHeader('Connection', 'close');
      return refuse(response, 413, 'body_too_large', `the body exceeds ${maxBodyBytes} bytes`, route);
    }
    let payloads;
    try {
      payloads = payloadsFromJson(JSON.parse(body.toString('utf8')));
    } catch (error) {
      // JSON.parse's message quotes the body: name the problem only when it is ours (a field, never a value).
      const message = error instanceof MalformedPayloadsError ? error.message : 'the body is not valid JSON';
      return refuse(response, 400, 'malformed_body', message, route);
    }
    let result;
    try {
      result =
        route.operation === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    } catch (error) {
      if (error instanceof PayloadDecryptionError) {
        return refuse(response, 400, 'undecodable_payload', error.message, route);
      }
      throw error;
    }
    sendJson(response, 200, payloadsToJson(result));
  };
}

/**
 * `/encode`, `/decode`, and `/<token>/encode`, `/<token>/decode` when capability tokens are configured.
 * The protocol says to look at the last path segment only; a prefix is accepted only as a token.
 */
function routeOf(url: string, tokensConfigured: boolean): Route | null {
  const path = url.split('?')[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last !== 'encode' && last !== 'decode') return null;
  if (segments.length === 1) return { operation: last, token: null };
  if (segments.length === 2 && tokensConfigured) return { operation: last, token: segments[0] ?? '' };
  return null;
}

function capabilityDigests(tokens: readonly string[]): Buffer[] {
  return tokens.map((token, index) => {
    if (token.length < MIN_TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) {
      throw new TypeError(
        `codec server: capability token ${index + 1} must be at least ${MIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 _ -`,
      );
    }
    return digest(token);
  });
}

/** Compares against every token, so the time taken does not tell which one (or whether any) matched. */
function matchesAny(candidate: string, digests: readonly Buffer[]): boolean {
  const presented = digest(candidate);
  let match = false;
  for (const known of digests) if (timingSafeEqual(presented, known)) match = true;
  return match;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overLimit = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !overLimit) {
        overLimit = true;
        chunks.length = 0;
        resolve('too-large');
      }
      if (!overLimit) chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function singleHeader(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: code, message });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // Decoded payloads are plaintext: no cache may keep them.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
