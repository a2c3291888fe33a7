// The bytes an archive has moved so far: each running transfer reports its progress in its heartbeat (the
// workflow hears of a file only once it is verified), so a running export's archive is read together with
// the heartbeat details of its pending archiveFile activities.
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { ExportStatus } from '@crs-export/contracts';
import { converterOf, decodeFirstPayload } from './payload-decoding';

/** The fields of the transfer's heartbeat (ArchiveHeartbeat in export-activities) this reads. */
interface TransferHeartbeat {
  shard: number;
  bytesDone: number;
}

interface PendingActivity {
  activityType?: { name?: string | null } | null;
  heartbeatDetails?: { payloads?: Payload[] | null } | null;
}

const TRANSFER_ACTIVITY = 'archiveFile';

async function heartbeatOf(client: Client, activity: PendingActivity): Promise<TransferHeartbeat | null> {
  const detail = await decodeFirstPayload(converterOf(client), activity.heartbeatDetails?.payloads);
  if (typeof detail !== 'object' || detail === null) return null;
  const { shard, bytesDone } = detail as Partial<TransferHeartbeat>;
  return typeof shard === 'number' && typeof bytesDone === 'number' ? { shard, bytesDone } : null;
}

/** The status with each transferring file's bytes as of its last heartbeat; unreadable details are skipped. */
export async function withLiveArchiveBytes(
  client: Client,
  status: ExportStatus,
  pending: readonly PendingActivity[],
): Promise<ExportStatus> {
  const { archive } = status;
  if (!archive || status.state !== 'ARCHIVING') return status;
  const transfers = pending.filter((activity) => activity.activityType?.name === TRANSFER_ACTIVITY);
  if (transfers.length === 0) return status;
  const beats = await Promise.all(transfers.map((activity) => heartbeatOf(client, activity).catch(() => null)));
  const bytesByShard = new Map<number, number>();
  for (const beat of beats) if (beat) bytesByShard.set(beat.shard, beat.bytesDone);
  if (bytesByShard.size === 0) return status;
  const files = archive.files.map((file) => {
    const live = bytesByShard.get(file.shard);
    return file.state === 'TRANSFERRING' && live !== undefined && live > file.bytesDone
      ? { ...file, bytesDone: live }
      : file;
  });
  return {
    ...status,
    archive: { ...archive, files, bytesDone: files.reduce((sum, file) => sum + file.bytesDone, 0) },
  };
}
