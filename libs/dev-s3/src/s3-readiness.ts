// Readiness of the S3 test server: a signed ListBuckets answers, and the master hands out file ids for writes.
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { ReadinessProbe } from '@crs-export/process-supervisor';
import { s3ClientFor, type S3Connection } from './s3-client';

/** The part of the master's `GET /dir/assign` answer the probe reads. */
interface MasterAssignAnswer {
  fid?: string;
  error?: string;
}

/**
 * Ready when ListBuckets signed with the server's credentials succeeds (the gateway is up, has loaded its
 * identities and reaches the filer) and the master assigns a file id. The second check matters after a
 * restart on a data dir with volumes: for 15 s after it becomes leader the master refuses every assignment
 * ("master is warming up") while volume servers report back, so every upload would stall until then. An
 * assigned id that is never written to costs nothing. A TCP connect passes seconds before either.
 */
export function s3ReadyProbe(connection: S3Connection, masterUrl: string): ReadinessProbe {
  return {
    description: `signed ListBuckets at ${connection.endpoint} and GET ${masterUrl}/dir/assign`,
    check: async () => {
      const client = s3ClientFor(connection, { requestTimeoutMs: 2_000, connectionTimeoutMs: 1_000, maxAttempts: 1 });
      try {
        await client.send(new ListBucketsCommand({}));
      } finally {
        client.destroy();
      }
      const response = await fetch(`${masterUrl}/dir/assign`, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) return false;
      const answer = (await response.json()) as MasterAssignAnswer;
      return typeof answer.fid === 'string' && !answer.error;
    },
  };
}
