// Debian's Chromium for the browser tests, installed by the project's own script when missing (never a test
// skipped for it), launched headless through playwright-core (which never downloads a browser here).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ROOT = join(__dirname, '..', '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

export async function launchHeadlessChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    execFileSync('bash', [join(ROOT, 'tools', 'ci', 'ensure-chromium.sh')], { stdio: 'inherit' });
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: tools/ci/ensure-chromium.sh could not install it`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
