// The Temporal side of the stack: dev server arguments, and a probe that also registers the search attributes.
import { Connection } from '@temporalio/client';
import { EXPORT_SEARCH_ATTRIBUTES } from '@crs-export/contracts';
import { ensureExportSearchAttributes } from '@crs-export/dev-temporal';
import type { ReadinessProbe } from './readiness';

export interface DevServerArgs {
  port: number;
  /** null: no Web UI. */
  uiPort: number | null;
  /** SQLite file; null: in memory. */
  dbFile: string | null;
  namespace: string;
}

/**
 * `temporal server start-dev` arguments, as libs/dev-temporal's startDevServer builds them. The stack spawns
 * the CLI itself rather than calling startDevServer because it needs the server in a process group of its
 * own (so Ctrl-C does not stop it before the worker has drained) and restartable under the same handle.
 */
export function devServerArgs(options: DevServerArgs): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  args.push('--log-level', 'warn', '--log-format', 'json');
  args.push(...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  for (const key of EXPORT_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  return args;
}

/**
 * Ready when the namespace answers and the export search attributes are registered (a reused SQLite file
 * ignores --search-attribute for attributes added later, so they are registered here as well).
 */
export function temporalProbe(address: string, namespace: string): ReadinessProbe {
  return {
    description: `Temporal at ${address}, namespace ${namespace}`,
    check: async () => {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        await ensureExportSearchAttributes(connection, namespace);
        return true;
      } finally {
        await connection.close();
      }
    },
  };
}
