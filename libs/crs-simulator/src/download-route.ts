// v2's `/download/<token>.rdb`: streams the backup's RDB file (the whole backup, one file) while its URL
// is valid; 400 for a malformed path, 403 for a token this simulator did not issue, 410 once expired, 404
// when the backup is gone. Ranges, HEAD and the download faults as for 3.0's files.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { wholeBackupFile } from './backup-files';
import { downloadGate } from './download-gate';
import type { CallRecord } from './call-log';
import type { DownloadFaultKind, FaultKind } from './fault-schema';
import { decodedPath, sendJson, type HeldSockets } from './http-io';
import { sendFile } from './file-response';
import type { SimulatorCore } from './simulator-core';

export const DOWNLOAD_PREFIX = '/download/';

export async function handleDownload(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HeldSockets,
): Promise<void> {
  const started = Date.now();
  const time = new Date(core.clock.now()).toISOString();
  const wallTime = new Date(core.authClock.now()).toISOString();
  const decoded = decodedPath(url.pathname);
  const token = decoded?.slice(DOWNLOAD_PREFIX.length).replace(/\.rdb$/, '') ?? '';
  const grant = decoded === null ? null : core.downloads.read(token);
  const log = (
    httpStatus: number | null,
    fault: FaultKind | null = null,
    downloadFault: DownloadFaultKind | null = null,
  ): CallRecord =>
    core.calls.add({
      api: 'v2',
      time,
      wallTime,
      method: req.method ?? 'GET',
      action: 'download',
      region: null,
      account: null,
      params: grant
        ? {
            redisId: grant.redisId,
            backupId: grant.backupId,
            ...(req.headers.range ? { range: req.headers.range } : {}),
          }
        : {},
      code: null,
      httpStatus,
      fault,
      downloadFault,
      durationMs: Date.now() - started,
    });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'only GET and HEAD' });
    return;
  }
  if (decoded === null) {
    log(400);
    sendJson(res, 400, { error: 'malformed % escape in the download path' });
    return;
  }
  if (!grant) {
    log(403);
    sendJson(res, 403, { error: 'invalid download token: this URL was not issued by this simulator' });
    return;
  }
  if (core.clock.now() > grant.expiresAt) {
    log(410);
    sendJson(res, 410, {
      error: `download URL expired at ${new Date(grant.expiresAt).toISOString()}; call GetBackupDownloadUrl again`,
    });
    return;
  }
  const instance = core.state.instanceById(grant.redisId);
  const backup = instance ? core.state.backupOf(instance, grant.backupId) : undefined;
  if (!instance || !backup) {
    log(404);
    sendJson(res, 404, { error: `backup ${grant.backupId} of ${grant.redisId} no longer exists` });
    return;
  }
  const gate = await downloadGate(core, req, res, options, (status) =>
    sendJson(res, status, { error: `injected fault: HTTP ${status}` }),
  );
  if (gate.served) {
    log(gate.httpStatus, gate.fault);
    return;
  }
  const fault = core.downloadFaults.pick(
    core.faults,
    { api: 'v2', redisId: grant.redisId, backupId: grant.backupId, shard: 1 },
    core.random,
  );
  const file = wholeBackupFile(instance.profile, backup);
  const served = req.method === 'HEAD' ? null : fault;
  let record: CallRecord | undefined;
  await sendFile(req, res, file, {
    headers: { 'content-disposition': `attachment; filename="${file.fileName}"` },
    fault: served,
    refuse: (status, code, message, headers) => sendJson(res, status, { error: message, code }, false, headers),
    onStart: (status) => {
      record = log(status, null, served?.fault ?? null);
    },
  }).catch(() => undefined);
  if (record) record.durationMs = Date.now() - started;
}
