// Drives many exports over the HTTP API: starts them a few at a time and waits until each is terminal.
import { isTerminalExportState } from '@crs-export/contracts';
import { pollUntil } from './delay';
import type { ExportApi, ExportResource } from './export-api';
import type { ExportTarget } from '@crs-export/contracts';

/** Runs fn over the items, at most `concurrency` at once; results in item order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export interface StartedExports {
  exportIds: string[];
  /** How many POSTs answered 201 (a new export) rather than 200. */
  created: number;
}

export async function startExports(
  api: ExportApi,
  targets: readonly ExportTarget[],
  concurrency = 8,
): Promise<StartedExports> {
  const started = await mapConcurrently(targets, concurrency, (target) => api.startExport(target));
  return { exportIds: started.map((s) => s.resource.exportId), created: started.filter((s) => s.created).length };
}

export interface TerminalExports {
  byId: Map<string, ExportResource>;
  /** From the call until the last export was seen terminal. */
  elapsedMs: number;
}

/**
 * Polls GET /exports/{id} for each export not yet terminal until all are, or fails naming the ones that are
 * not. Errors of a GET (API or Temporal restarting) count as "not yet".
 */
export async function waitUntilTerminal(
  api: ExportApi,
  exportIds: readonly string[],
  options: { timeoutMs: number; intervalMs?: number },
): Promise<TerminalExports> {
  const started = Date.now();
  const byId = new Map<string, ExportResource>();
  const lastSeen = new Map<string, string>();
  await pollUntil(
    `${exportIds.length} exports reaching a terminal state`,
    async () => {
      const pending = exportIds.filter((id) => !byId.has(id));
      await mapConcurrently(pending, 8, async (id) => {
        try {
          const resource = await api.getExport(id);
          lastSeen.set(id, resource.state);
          if (isTerminalExportState(resource.state)) byId.set(id, resource);
        } catch (error) {
          lastSeen.set(id, `error: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`);
        }
      });
      return byId.size === exportIds.length ? true : undefined;
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: options.intervalMs ?? 500,
      describe: () => {
        const stuck = exportIds.filter((id) => !byId.has(id));
        return `${stuck.length} not terminal: ${stuck
          .slice(0, 5)
          .map((id) => `${id}=${lastSeen.get(id) ?? '?'}`)
          .join(', ')}`;
      },
    },
  );
  return { byId, elapsedMs: Date.now() - started };
}

/** How many exports ended in each state. */
export function countStates(resources: Iterable<ExportResource>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of resources) counts[resource.state] = (counts[resource.state] ?? 0) + 1;
  return counts;
}
