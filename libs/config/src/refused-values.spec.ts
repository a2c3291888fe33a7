import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadConfig } from './app-config';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from './demo-credentials';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** .env.example as docker compose reads it: KEY=VALUE lines. */
function envExample(): Record<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1] ?? '', match[2] ?? '']),
  );
}

describe('refused values', () => {
  it("refuses .env.example's change-me values by name, without printing them, and takes it once they are replaced", () => {
    const example = envExample();
    // What the services read of it; compose hands CODEC_SERVER_TOKEN to the codec server as CODEC_SERVER_TOKENS.
    const ours: Record<string, string> = {
      ...Object.fromEntries(Object.entries(example).filter(([key]) => key in envSchema.shape)),
      CODEC_SERVER_TOKENS: example['CODEC_SERVER_TOKEN'] ?? '',
    };
    const placeholders = Object.keys(ours).filter((key) => /change-me/.test(ours[key] ?? ''));
    expect(placeholders).toEqual(expect.arrayContaining(['CODEC_KEYS', 'CODEC_SERVER_TOKENS', 'CRS_SIM_ADMIN_TOKEN']));
    const problems = problemsOf(ours);
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([...placeholders].sort());
    expect(problems.join('\n')).toContain('placeholder');
    expect(problems.join('\n')).not.toContain('change-me-');
    const replaced = Object.fromEntries(
      Object.entries(ours).map(([key, value]) => [key, value.replace(/change-me-?/g, 'set-by-the-operator-')]),
    );
    expect(problemsOf(replaced)).toEqual([]);
  });

  it('refuses other spellings of the placeholder in any variable', () => {
    expect(problemsOf({ CRS_SIM_ADMIN_TOKEN: 'CHANGEME-0123456789abcdef' })).toEqual([
      expect.stringMatching(/^CRS_SIM_ADMIN_TOKEN: .*placeholder/),
    ]);
    expect(problemsOf({ TEMPORAL_NAMESPACE: 'change_me' })).toEqual([
      expect.stringMatching(/^TEMPORAL_NAMESPACE="change_me": .*placeholder/),
    ]);
  });

  it("refuses the simulator's demo credentials with Tencent's own endpoint, and takes them with the simulator", () => {
    const demo = { TENCENTCLOUD_SECRET_ID: DEMO_SECRET_ID, TENCENTCLOUD_SECRET_KEY: DEMO_SECRET_KEY };
    expect(problemsOf({ ...demo, CRS_ENDPOINT: 'https://redis.tencentcloudapi.com' })).toEqual([
      expect.stringMatching(/^TENCENTCLOUD_SECRET_ID=.*demo credentials.*open nothing at Tencent/),
    ]);
    expect(
      problemsOf({
        TENCENTCLOUD_SECRET_ID: 'AKIDrealaccount',
        TENCENTCLOUD_SECRET_KEY: DEMO_SECRET_KEY,
        CRS_API_VERSION: '2',
        CRS_ENDPOINT: 'https://redis.api.qcloud.com/v2/index.php',
      }),
    ).toEqual([expect.stringMatching(/^TENCENTCLOUD_SECRET_KEY: .*demo credentials/)]);
    // The simulator: embedded, at its own v2 address, or reached through CRS_CONNECT_TO.
    expect(problemsOf(demo)).toEqual([]);
    expect(
      problemsOf({ ...demo, CRS_API_VERSION: '2', CRS_ENDPOINT: 'http://crs-simulator:8090/v2/index.php' }),
    ).toEqual([]);
    expect(
      problemsOf({ ...demo, CRS_ENDPOINT: 'http://redis.tencentcloudapi.com', CRS_CONNECT_TO: 'crs-simulator:8090' }),
    ).toEqual([]);
    // An account's own keys with Tencent.
    expect(
      problemsOf({
        TENCENTCLOUD_SECRET_ID: 'AKIDrealaccount',
        TENCENTCLOUD_SECRET_KEY: 'a-real-secret-key',
        CRS_ENDPOINT: 'https://redis.ap-guangzhou.tencentcloudapi.com',
      }),
    ).toEqual([]);
  });
});
