// How `npm start` shows a service's log line: prefixed with the service name, filtered by level.
export type LogLevelFilter = 'all' | 'warn';

const COLORS: Record<string, string> = { temporal: '35', simulator: '36', worker: '33', api: '32' };

/** The level of a JSON log line (ours and Temporal's both carry a level name), or null for a line that is not JSON. */
export function levelOf(line: string): 'debug' | 'info' | 'warn' | 'error' | null {
  if (!line.startsWith('{')) return null;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    if (typeof level === 'string') {
      const name = level.toLowerCase();
      if (name.startsWith('err') || name === 'fatal' || name === 'dpanic' || name === 'panic') return 'error';
      if (name.startsWith('warn')) return 'warn';
      if (name === 'info') return 'info';
      return 'debug';
    }
    return null;
  } catch {
    return null;
  }
}

/** Whether to show the line: 'warn' hides JSON lines below warn, and shows anything that is not JSON. */
export function shouldShow(line: string, filter: LogLevelFilter): boolean {
  if (filter === 'all') return true;
  const level = levelOf(line);
  return level === null || level === 'warn' || level === 'error';
}

export function prefixLine(service: string, line: string, color: boolean): string {
  const name = service.padEnd(9);
  return color ? `\u001b[${COLORS[service] ?? '37'}m${name}|\u001b[0m ${line}` : `${name}| ${line}`;
}
