// What an audit line says: who (key id and request id), what (action and target), the outcome; `when` is the
// line's time.

/** Everything the audit trail records. Add an action here when a new route changes something. */
export type AuditAction =
  | 'export.start'
  | 'export.cancel'
  | 'export.retry'
  | 'batch.start'
  | 'batch.cancel'
  | 'schedule.create'
  | 'schedule.update'
  | 'schedule.delete'
  | 'schedule.pause'
  | 'schedule.resume'
  | 'schedule.trigger'
  | 'notification.test';

/** The caller as routes know it: `Caller` from the exports' @CallerOf() fits. */
export interface AuditActor {
  /** The API key's id (never the key, never its hash). */
  readonly keyId: string;
  readonly requestId: string;
}

export interface AuditEntry {
  readonly actor: AuditActor;
  readonly action: AuditAction;
  /** The export, batch or schedule id; before one exists, what was asked for (e.g. `crs-x/latest`). */
  readonly target: string;
  readonly outcome: 'succeeded' | 'failed';
  /** A word on the result (`created`, `existing`) or the error's name; never a URL or a secret. */
  readonly detail?: string;
}
