// The simulated COS that serves 3.0's files at their presigned URLs
// (`/<appid>/redis/<instance>/data/<date>/-<file>?sign=…`): 403 with COS's XML for a missing or wrong
// signature, after the q-sign-time window or against the download restriction; 404 NoSuchKey for a file
// that is not there (yet); 400 InvalidURI for a malformed path; otherwise the file, with ranges and faults.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { shardFiles, type BackupFile } from './backup-files';
import { parseBeijingTime } from './beijing-time';
import { cosHeaders, cosRequestId, sendCosError } from './cos-errors';
import { downloadGate } from './download-gate';
import type { CallRecord } from './call-log';
import type { DownloadFaultKind, FaultKind } from './fault-schema';
import { sendFile } from './file-response';
import { decodedPath, type HeldSockets } from './http-io';
import type { SimulatorCore } from './simulator-core';
import type { SimBackup, SimInstance } from './simulator-state';
import { filesAvailable } from './v3/describe-backup-url';

const COS_OBJECT = /^\/\d+\/redis\/(\d+)\/data\/\d{4}-\d{2}-\d{2}\/-[^/]+$/;

export function isCosObjectPath(pathname: string): boolean {
  return COS_OBJECT.test(pathname);
}

interface Located {
  instance: SimInstance;
  backup: SimBackup;
  file: BackupFile;
}

function locate(core: SimulatorCore, path: string): Located | null {
  const numericId = Number(COS_OBJECT.exec(path)?.[1]);
  for (const instance of core.state.instancesNumbered(numericId)) {
    for (const backup of core.state.backupsOf(instance)) {
      const file = shardFiles(instance.profile, backup).find((candidate) => candidate.objectPath === path);
      if (file) return { instance, backup, file };
    }
  }
  return null;
}

export async function handleCosDownload(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HeldSockets,
): Promise<void> {
  const started = Date.now();
  const time = new Date(core.clock.now()).toISOString();
  const wallTime = new Date(core.authClock.now()).toISOString();
  const requestId = cosRequestId();
  let located: Located | null = null;
  const log = (
    httpStatus: number | null,
    fault: FaultKind | null = null,
    downloadFault: DownloadFaultKind | null = null,
  ): CallRecord =>
    core.calls.add({
      api: 'v3',
      time,
      wallTime,
      method: req.method ?? 'GET',
      action: 'download',
      region: located?.instance.profile.regionLong ?? null,
      account: null,
      params: located
        ? {
            redisId: located.instance.profile.redisId,
            backupId: located.backup.backupId,
            shard: String(located.file.shard),
            ...(req.headers.range ? { range: req.headers.range } : {}),
          }
        : {},
      code: null,
      httpStatus,
      fault,
      downloadFault,
      durationMs: Date.now() - started,
    });
  const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): void => {
    void log(status);
    sendCosError(res, { status, code, message, resource: url.pathname, requestId, ...(headers ? { headers } : {}) });
  };
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return refuse(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  const path = decodedPath(url.pathname);
  if (path === null) return refuse(400, 'InvalidURI', 'Could not parse the specified URI.');
  const signature = core.cos.check(url.pathname, url.searchParams);
  if (!signature.ok) return refuse(403, signature.code, signature.message);
  const now = Math.floor(core.clock.now() / 1000);
  if (now < signature.grant.start || now > signature.grant.end)
    return refuse(403, 'AccessDenied', 'Request has expired');
  if (signature.grant.scope === 'denied')
    return refuse(403, 'AccessDenied', 'Access Denied. (the download restriction allows only the intranet URL)');
  located = locate(core, path);
  if (!located || !filesAvailable(located.instance, located.backup, core.v3.clusterConversion)) {
    located = null;
    return refuse(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const gate = await downloadGate(core, req, res, options, (status) =>
    sendCosError(res, {
      status,
      code: 'InternalError',
      message: `injected fault: HTTP ${status}`,
      resource: url.pathname,
      requestId,
    }),
  );
  if (gate.served) {
    log(gate.httpStatus, gate.fault);
    return;
  }
  const { instance, backup, file } = located;
  const fault =
    req.method === 'HEAD'
      ? null
      : core.downloadFaults.pick(
          core.faults,
          { api: 'v3', redisId: instance.profile.redisId, backupId: backup.backupId, shard: file.shard },
          core.random,
        );
  let record: CallRecord | undefined;
  await sendFile(req, res, file, {
    headers: {
      ...cosHeaders(requestId),
      etag: `"${createHash('md5').update(`${file.spec.seed}/${file.sizeBytes}`).digest('hex')}"`,
      'last-modified': new Date(parseBeijingTime(backup.endTime)).toUTCString(),
    },
    fault,
    // The range refusal goes through here, and is logged by onStart.
    refuse: (status, code, message, headers) =>
      sendCosError(res, { status, code, message, resource: url.pathname, requestId, ...(headers ? { headers } : {}) }),
    onStart: (status) => {
      record = log(status, null, status === 416 ? null : (fault?.fault ?? null));
    },
  }).catch(() => undefined);
  if (record) record.durationMs = Date.now() - started;
}
