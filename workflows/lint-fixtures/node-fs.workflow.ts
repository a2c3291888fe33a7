// Lint fixture: workflow code that reads a file. The lint test expects this to be rejected.
import { readFileSync } from 'node:fs';

export async function readsAFile(): Promise<string> {
  return readFileSync('/etc/hostname', 'utf8');
}
