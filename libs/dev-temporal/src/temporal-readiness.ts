// The one readiness check of a Temporal frontend: it answers for the namespace, and the export search
// attributes are registered there (a reused SQLite file ignores --search-attribute for later additions).
import { Connection, type ConnectionOptions } from '@temporalio/client';
import type { ReadinessProbe } from '@crs-export/process-supervisor';
import { ensureExportSearchAttributes } from './search-attribute-registration';

export interface TemporalReadinessOptions {
  address: string;
  namespace: string;
  /** TLS and other connection settings, as the clients use them. */
  connection?: Omit<ConnectionOptions, 'address'>;
  /**
   * 'required' (servers we run): ready only once registered. 'best-effort' (an external cluster, where we may
   * lack the rights): a failure to register is reported through onWarning and does not hold readiness back.
   */
  searchAttributes?: 'required' | 'best-effort';
  onWarning?: (message: string) => void;
}

export function temporalReadyProbe(options: TemporalReadinessOptions): ReadinessProbe {
  const { address, namespace } = options;
  let warned = false;
  return {
    description: `Temporal at ${address}, namespace ${namespace}`,
    check: async () => {
      const connection = await Connection.connect({ ...options.connection, address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        try {
          await ensureExportSearchAttributes(connection, namespace);
        } catch (error) {
          if (options.searchAttributes !== 'best-effort') throw error;
          if (!warned) {
            warned = true;
            options.onWarning?.(
              `could not register the export search attributes on ${address} (${String(error)}); ` +
                'register them as in deploy/temporal/register-search-attributes.sh',
            );
          }
        }
        return true;
      } finally {
        await connection.close();
      }
    },
  };
}
