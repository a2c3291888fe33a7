// Where 3.0 calls go: the endpoint host the SDK signs (and sends as Host), the protocol, and the region in
// 3.0's long spelling. The SDK takes the credential scope's service from the host's first label and signs the
// host without a port, so the host must be `redis.` something and carry no port: to reach anything else
// (the simulator), keep Tencent's host and connect elsewhere with `connectTo`.
import { longRegionName } from '@crs-export/contracts';
import { DEFAULT_V3_HOST } from './v3-actions';

export type V3Protocol = 'https://' | 'http://';

export interface V3Endpoint {
  host: string;
  protocol: V3Protocol;
}

const HOST_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
/** A long region name of the table's shape (`ap-guangzhou`, `ap-shanghai-fsi`, `na-siliconvalley`, `sa-saopaulo`). */
const LONG_REGION_PATTERN = /^[a-z]{2,}-[a-z]+(-[a-z0-9]+)*$/;

/**
 * `redis.tencentcloudapi.com`, `redis.ap-guangzhou.tencentcloudapi.com`, `https://redis.ap-shanghai-fsi.
 * tencentcloudapi.com` (a URL's scheme gives the protocol); throws a TypeError naming what is wrong.
 */
export function parseV3Endpoint(endpoint: string | undefined, protocol: V3Protocol | undefined): V3Endpoint {
  const text = (endpoint ?? DEFAULT_V3_HOST).trim();
  let host = text.toLowerCase();
  let schemeProtocol: V3Protocol | undefined;
  if (text.includes('://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new TypeError(`the 3.0 endpoint is not a URL: ${JSON.stringify(text)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new TypeError(`the 3.0 endpoint must be http(s), got ${url.protocol}`);
    }
    if (url.port !== '' || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
      throw new TypeError(
        `the 3.0 endpoint must be a bare host without port, path or query (the SDK signs the host alone), got ${JSON.stringify(text)}; ` +
          'to reach another address, keep the host and set connectTo',
      );
    }
    host = url.hostname;
    schemeProtocol = url.protocol === 'https:' ? 'https://' : 'http://';
  }
  if (!HOST_PATTERN.test(host)) {
    throw new TypeError(
      `the 3.0 endpoint must be a host name such as ${DEFAULT_V3_HOST} (no port; use connectTo for another address), got ${JSON.stringify(text)}`,
    );
  }
  if (host.split('.')[0] !== 'redis') {
    throw new TypeError(
      `the 3.0 endpoint's first label must be "redis" (the SDK signs it as the service), got ${JSON.stringify(host)}; ` +
        'to reach the simulator, keep redis.tencentcloudapi.com and set connectTo',
    );
  }
  if (protocol && schemeProtocol && protocol !== schemeProtocol) {
    throw new TypeError(`the endpoint says ${schemeProtocol} but protocol says ${protocol}`);
  }
  return { host, protocol: protocol ?? schemeProtocol ?? 'https://' };
}

/** 3.0's long name of a region named either way (`gz` → `ap-guangzhou`); a long name not in the table passes. */
export function v3RegionName(name: string): string | null {
  const known = longRegionName(name);
  if (known) return known;
  const wanted = name.trim().toLowerCase();
  return LONG_REGION_PATTERN.test(wanted) ? wanted : null;
}
