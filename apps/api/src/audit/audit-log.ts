// The audit trail: one JSON line per change (start, cancel, schedule change), to API_AUDIT_LOG_FILE or the
// API's log. Inject AuditLog and call record(), or around() to record an operation's success or failure.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '@crs-export/config';
import { API_CONFIG, API_LOGGER } from '../core/api-tokens';
import type { AuditAction, AuditActor, AuditEntry } from './audit-entry';

export interface AuditedOperation {
  readonly actor: AuditActor;
  readonly action: AuditAction;
  /** The target when the operation fails (or when `outcomeOf` names none). */
  readonly target: string;
}

@Injectable()
export class AuditLog implements OnApplicationShutdown {
  private readonly lines: Logger;
  private readonly file: (pino.DestinationStream & { flushSync?: () => void; end?: () => void }) | null;

  constructor(@Inject(API_CONFIG) config: AppConfig, @Inject(API_LOGGER) logger: Logger) {
    if (config.api.auditLogFile === null) {
      this.file = null;
      this.lines = logger.child({ log: 'audit' });
    } else {
      // Synchronous and appended: an audit line is written before the answer goes out.
      this.file = pino.destination({
        dest: config.api.auditLogFile,
        append: true,
        mkdir: true,
        sync: true,
        mode: 0o600,
      });
      this.lines = pino(
        {
          base: { log: 'audit' },
          timestamp: pino.stdTimeFunctions.isoTime,
          formatters: { level: (label) => ({ level: label }) },
        },
        this.file,
      );
    }
  }

  record(entry: AuditEntry): void {
    this.lines.info(
      {
        action: entry.action,
        who: entry.actor.keyId,
        target: entry.target,
        requestId: entry.actor.requestId,
        outcome: entry.outcome,
        ...(entry.detail === undefined ? {} : { detail: entry.detail }),
      },
      'audit',
    );
  }

  /** Runs the operation and records it: succeeded (target and detail from `outcomeOf`) or failed (the error's name). */
  async around<T>(
    operation: AuditedOperation,
    run: () => Promise<T>,
    outcomeOf?: (result: T) => { target?: string; detail?: string },
  ): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      this.record({ ...operation, outcome: 'failed', detail: error instanceof Error ? error.name : 'Error' });
      throw error;
    }
    const outcome = outcomeOf?.(result) ?? {};
    this.record({ ...operation, ...outcome, target: outcome.target ?? operation.target, outcome: 'succeeded' });
    return result;
  }

  onApplicationShutdown(): void {
    this.file?.end?.();
  }
}
