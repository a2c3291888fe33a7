// The Temporal side of the stack: dev server arguments, and a probe that also registers the search attributes.
import { Connection } from '@temporalio/client';
import { ensureExportSearchAttributes } from '@crs-export/dev-temporal';
import type { ReadinessProbe } from './readiness';

/**
 * The stack spawns the CLI with libs/dev-temporal's `devServerArgs` rather than calling startDevServer because
 * it needs the server in a process group of its own (so Ctrl-C does not stop it before the worker has
 * drained) and restartable under the same handle.
 */
export { devServerArgs } from '@crs-export/dev-temporal';

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
