// The admin token of a local stack's CRS simulator (its /_sim routes but /_sim/healthz need it):
// CRS_SIM_ADMIN_TOKEN when set, else one generated once and kept in <dataDir>/sim-admin-token.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResolvedSimulatorAdminToken {
  token: string;
  source: 'CRS_SIM_ADMIN_TOKEN' | 'generated' | 'persisted' | 'given';
  file: string | null;
}

export function simulatorAdminTokenFile(dataDir: string): string {
  return join(dataDir, 'sim-admin-token');
}

export function resolveSimulatorAdminToken(options: {
  dataDir: string;
  configured?: string | undefined;
}): ResolvedSimulatorAdminToken {
  const configured = options.configured?.trim();
  if (configured) return { token: configured, source: 'CRS_SIM_ADMIN_TOKEN', file: null };
  const file = simulatorAdminTokenFile(options.dataDir);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 16) return { token: kept, source: 'persisted', file };
  }
  const token = `crsim_${randomBytes(24).toString('base64url')}`;
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'generated', file };
}
