// What the simulator's call log says about a scenario: calls per action, faults injected, failures,
// and how many ExportRedisBackup calls Tencent accepted per backup (the "no second export" check).
import type { CallRecord, FaultKind } from '@crs-export/crs-simulator';

export interface CallStats {
  calls: number;
  byAction: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** Calls the client did not get a successful answer to (faults and error codes). */
  failed: number;
  exportCalls: number;
  /** ExportRedisBackup calls that took effect (answered 0, or answered 0 and the answer dropped). */
  acceptedExports: number;
  /** Accepted ExportRedisBackup calls beyond the first of their backup: backups exported twice (must be 0). */
  duplicateExports: number;
}

export function callsAfter(calls: readonly CallRecord[], seq: number): CallRecord[] {
  return calls.filter((call) => call.seq > seq);
}

/** The call took effect at Tencent (its answer may have been lost on the way back). */
export function tookEffect(call: CallRecord): boolean {
  return call.code === 0 && (call.fault === null || call.fault === 'dropResponse');
}

/** The client got a successful answer (a download: its file, without an injected body fault). */
export function answeredOk(call: CallRecord): boolean {
  if (call.action === 'download')
    return call.httpStatus !== null && call.httpStatus < 400 && call.fault === null && call.downloadFault === null;
  return call.code === 0 && call.fault === null;
}

export function callStats(calls: readonly CallRecord[]): CallStats {
  const byAction: Record<string, number> = {};
  const faults: Record<FaultKind, number> = { error: 0, httpError: 0, timeout: 0, dropResponse: 0 };
  let failed = 0;
  for (const call of calls) {
    byAction[call.action] = (byAction[call.action] ?? 0) + 1;
    if (call.fault) faults[call.fault]++;
    if (!answeredOk(call)) failed++;
  }
  const exports = calls.filter((call) => call.action === 'ExportRedisBackup');
  const accepted = exports.filter(tookEffect);
  const backups = new Set(accepted.map((call) => `${call.params['redisId'] ?? ''}/${call.params['backupId'] ?? ''}`));
  return {
    calls: calls.length,
    byAction,
    faults,
    failed,
    exportCalls: exports.length,
    acceptedExports: accepted.length,
    duplicateExports: accepted.length - backups.size,
  };
}

/** Calls of one action for one backup (the simulator logs the request parameters). */
export function callsFor(
  calls: readonly CallRecord[],
  action: string,
  match: { redisId: string; backupId?: string },
): CallRecord[] {
  return calls.filter(
    (call) =>
      call.action === action &&
      call.params['redisId'] === match.redisId &&
      (match.backupId === undefined || call.params['backupId'] === match.backupId),
  );
}
