// Ids the simulator makes up: UUID-shaped and derived from a name, so that runs are repeatable.
import { createHash } from 'node:crypto';

export function randomUUIDFromName(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
