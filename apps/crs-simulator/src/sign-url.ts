// Prints a signed GET URL for the CRS v2 API (the simulator by default), to paste into curl:
//   node tools/run-ts.cjs apps/crs-simulator/src/sign-url.ts DescribeRedis limit=10 offset=0
// Credentials, region and endpoint come from the usual configuration (the demo ones by default).
import { crsEndpointOf, loadConfig } from '@crs-export/config';
import { signedParams } from '@crs-export/crs-simulator';

function main(): void {
  const [action, ...pairs] = process.argv.slice(2);
  if (!action) {
    process.stderr.write(
      'usage: sign-url.ts <Action> [name=value ...]   e.g. GetRedisBackupList redisId=crs-j30wibe7\n',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const endpoint = new URL(crsEndpointOf(config));
  const params = Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const signed = signedParams({
    method: 'GET',
    host: endpoint.host,
    path: endpoint.pathname,
    action,
    region: config.crs.region,
    secretId: config.crs.secretId,
    secretKey: config.crs.secretKey.reveal(),
    signatureMethod: config.crs.signatureMethod,
    params,
  });
  endpoint.search = new URLSearchParams(signed).toString();
  process.stdout.write(`${endpoint.toString()}\n`);
}

main();
