// `/download/<token>.rdb`: streams the backup's RDB file while its URL is valid; 403 for a token this
// simulator did not issue, 410 once expired, 404 when the backup is gone from the scenario.
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io';
import { rdbFileStream } from './rdb-file';
import type { SimulatorCore } from './simulator-core';

export const DOWNLOAD_PREFIX = '/download/';

export async function handleDownload(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const started = Date.now();
  const time = new Date(core.clock.now()).toISOString();
  const token = decodeURIComponent(url.pathname.slice(DOWNLOAD_PREFIX.length)).replace(/\.rdb$/, '');
  const grant = core.downloads.read(token);
  const log = (httpStatus: number): void => {
    core.calls.add({
      time,
      method: req.method ?? 'GET',
      action: 'download',
      region: null,
      params: grant ? { redisId: grant.redisId, backupId: grant.backupId } : {},
      code: null,
      httpStatus,
      fault: null,
      durationMs: Date.now() - started,
    });
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'only GET and HEAD' });
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
  if (!backup) {
    log(404);
    sendJson(res, 404, { error: `backup ${grant.backupId} of ${grant.redisId} no longer exists` });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': backup.rdbBytes,
    'content-disposition': `attachment; filename="${backup.backupId}.rdb"`,
  });
  log(200);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(
      rdbFileStream({ redisId: grant.redisId, backupId: grant.backupId, sizeBytes: backup.rdbBytes }),
      res,
    );
  } catch {
    // The client went away mid-download; pipeline has already destroyed both streams.
  }
}
