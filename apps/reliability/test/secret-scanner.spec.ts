// The secret scan is only as good as its search: it must find the key in each encoding, once per place.
import { describe, expect, it } from 'vitest';
import { scanTexts } from '../src/secret-scanner';

const SECRET = 'relsk-abcdefghijklmnopqrstuvwx-never-log-me';

describe('scanTexts', () => {
  it('finds the key plain, base64 inside a payload (any alignment), and hex, naming the place but not the key', () => {
    const findings = scanTexts(
      [
        { where: 'log', text: `{"msg":"signing","key":"${SECRET}"}` },
        { where: 'payload', text: `{"data":"${Buffer.from(`{"k":1}${SECRET}"}`).toString('base64')}"}` },
        { where: 'dump', text: Buffer.from(SECRET).toString('hex') },
        { where: 'clean', text: 'SecretKey: [redacted]' },
      ],
      SECRET,
    );
    expect(findings.map((f) => f.where)).toEqual(['log', 'payload', 'dump']);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
  });

  it('finds a base64-encoded key that starts a payload', () => {
    expect(scanTexts([{ where: 'payload', text: Buffer.from(SECRET).toString('base64') }], SECRET)).toEqual([
      { where: 'payload', form: 'base64' },
    ]);
  });

  it('reports a place once even when two encodings spell the same (a URL-safe key)', () => {
    expect(scanTexts([{ where: 'log', text: SECRET }], SECRET)).toHaveLength(1);
  });

  it('refuses a short secret, whose absence would prove nothing', () => {
    expect(() => scanTexts([], 'short')).toThrow(/long and distinctive/);
  });
});
