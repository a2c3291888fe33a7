// v2 download URL tokens: the backup and expiry, HMAC-signed with the simulator's key (kept in the state
// file when there is one, so that URLs survive a restart as Tencent's do), so URLs need no storage.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DownloadGrant {
  redisId: string;
  backupId: string;
  /** Epoch ms (simulated clock) after which the URL is refused. */
  expiresAt: number;
}

export class DownloadTokens {
  constructor(private readonly key: Buffer) {}

  issue(grant: DownloadGrant): string {
    const payload = Buffer.from(JSON.stringify([grant.redisId, grant.backupId, grant.expiresAt])).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The grant a token carries, or null if it was not issued by this simulator (or was altered). */
  read(token: string): DownloadGrant | null {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const [redisId, backupId, expiresAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
        string,
        string,
        number,
      ];
      return { redisId, backupId, expiresAt };
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 32);
  }
}
