// The optional admin token of the /_sim routes (issue 15): `Authorization: Bearer <token>`, compared in
// constant time; without a configured token the routes are open, as on a developer's machine.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(text: string): Buffer {
  // Equal-length inputs for timingSafeEqual, whatever the caller sent.
  return createHash('sha256').update(text).digest();
}

export function hasAdminToken(req: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(token));
}
