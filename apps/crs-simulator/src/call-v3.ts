// Calls one API 3.0 action on the running simulator with Tencent's own SDK (signed for
// redis.tencentcloudapi.com, sent to the simulator's port), and prints the answer:
//   node tools/run-ts.cjs apps/crs-simulator/src/call-v3.ts DescribeInstances '{"Limit":10}' [--get]
// Credentials, region and port come from the usual configuration (the demo ones by default).
import { loadConfig } from '@crs-export/config';
import { LoopbackAgent, longRegionName } from '@crs-export/crs-simulator';
import * as tencentcloud from 'tencentcloud-sdk-nodejs';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = args.includes('--get');
  const [action, json = '{}'] = args.filter((arg) => arg !== '--get');
  if (!action) {
    process.stderr.write(
      'usage: call-v3.ts <Action> [\'<JSON parameters>\'] [--get]   e.g. DescribeInstanceBackups \'{"InstanceId":"crs-j30wibe7"}\'\n',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const agent = new LoopbackAgent(config.simulator.port);
  const client = new tencentcloud.redis.v20180412.Client({
    credential: { secretId: config.crs.secretId, secretKey: config.crs.secretKey.reveal() },
    region: longRegionName(config.crs.region),
    profile: {
      httpProfile: {
        endpoint: 'redis.tencentcloudapi.com',
        protocol: 'http://',
        reqMethod: get ? 'GET' : 'POST',
        agent,
      },
    },
  });
  try {
    const answer = await client.request(action, JSON.parse(json) as unknown);
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } catch (error) {
    const failure = error as { code?: string; message?: string; requestId?: string };
    process.stdout.write(
      `${JSON.stringify({ error: failure.code, message: failure.message, requestId: failure.requestId }, null, 2)}\n`,
    );
    process.exitCode = 1;
  } finally {
    agent.destroy();
  }
}

void main();
