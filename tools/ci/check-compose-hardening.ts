// The rules tools/ci/check-compose.sh holds docker-compose.yml to beyond "it is valid", read with node alone (no
// Docker engine, no docker-compose): each of our services (the ones built from deploy/Dockerfile) runs with a
// read-only root file system and a tmpfs /tmp, no capabilities, no privilege gain, an init process; what the API
// and the worker must agree on (the default region, Temporal, the codec keys) is passed to both identically, and
// the region's default is left to libs/config; host ports bind to 127.0.0.1; no secret is written in the file;
// Temporal's production dynamic config holds no test-only setting.
//   node tools/run-ts.cjs tools/ci/check-compose-hardening.ts [docker-compose.yml [dynamic config directory]]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
// Straight from its file: the library's index would load the whole cluster tooling for one constant.
import { TEST_DYNAMIC_CONFIG_OVERLAY } from '../../libs/temporal-cluster/src/server-config';

const ROOT = resolve(__dirname, '..', '..');
/** Testing aids the server documents as not for production, besides the test overlay's own. */
const TEST_ONLY_SETTINGS = [
  'system.forceSearchAttributesCacheRefreshOnRead',
  ...Object.keys(TEST_DYNAMIC_CONFIG_OVERLAY),
];
/** Variables two services must see identically (both set to the same expression, or both unset). */
const SHARED: readonly { services: readonly string[]; variables: readonly string[] }[] = [
  {
    services: ['api', 'worker'],
    variables: [
      'TENCENTCLOUD_REGION',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_TASK_QUEUE',
      'TEMPORAL_TLS',
      'TEMPORAL_TLS_CA',
      'TEMPORAL_TLS_SERVER_NAME',
      'CODEC_KEYS',
      'CODEC_KEYS_FILE',
    ],
  },
  { services: ['api', 'worker', 'codec-server'], variables: ['CODEC_KEYS', 'CODEC_KEYS_FILE'] },
];
/** Defaults that must live in libs/config only, so that every service gets the same one. */
const DEFAULTED_IN_CONFIG = ['TENCENTCLOUD_REGION'];
const SECRET_NAME = /(KEY|KEYS|TOKEN|TOKENS|SECRET|PASSWORD|PWD)$/;

interface Service {
  build?: unknown;
  image?: string;
  read_only?: boolean;
  tmpfs?: string | string[];
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
  privileged?: boolean;
  init?: boolean;
  user?: string;
  ports?: (string | { host_ip?: string })[];
  environment?: Record<string, string | number | boolean | null> | string[];
}

const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };

function environmentOf(service: Service): Record<string, string | null> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((item) => [item.split('=')[0] ?? '', item.includes('=') ? item.slice(item.indexOf('=') + 1) : null]),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value === null ? null : String(value)]));
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function composeProblems(composeText: string, dynamicConfigs: Record<string, string>): string[] {
  const compose = yaml.load(composeText) as { services?: Record<string, Service> };
  const services = compose.services ?? {};
  const problems: string[] = [];
  const ours = Object.entries(services).filter(([, service]) => service.build !== undefined);
  if (ours.length === 0) problems.push('no service is built from deploy/Dockerfile');
  for (const [name, service] of ours) {
    const where = `service ${name}`;
    if (service.read_only !== true) problems.push(`${where}: read_only: true is missing`);
    if (service.read_only === true && !asList(service.tmpfs).some((mount) => mount.split(':')[0] === '/tmp'))
      problems.push(`${where}: a read-only root file system needs tmpfs: [/tmp]`);
    if (!(service.cap_drop ?? []).includes('ALL')) problems.push(`${where}: cap_drop: [ALL] is missing`);
    if ((service.cap_add ?? []).length > 0)
      problems.push(`${where}: adds capabilities (${service.cap_add?.join(', ')})`);
    if (!(service.security_opt ?? []).some((option) => /^no-new-privileges(:true)?$/.test(option)))
      problems.push(`${where}: security_opt: [no-new-privileges:true] is missing`);
    if (service.privileged === true) problems.push(`${where}: privileged`);
    if (service.init !== true) problems.push(`${where}: init: true is missing (signals and zombie reaping)`);
    if (service.user !== undefined && /^(root|0)(:|$)/.test(service.user)) problems.push(`${where}: runs as root`);
  }
  for (const { services: names, variables } of SHARED) {
    const present = names.filter((name) => services[name] !== undefined);
    if (present.length < 2) continue;
    for (const variable of variables) {
      const values = present.map((name) => environmentOf(services[name] ?? {})[variable]);
      if (new Set(values).size > 1) {
        problems.push(
          `${variable} differs between ${present.join(', ')} (${values.map((value, index) => `${present[index]}: ${value === undefined ? 'unset' : JSON.stringify(value)}`).join('; ')}): pass it to all of them alike`,
        );
      }
    }
  }
  for (const [name, service] of Object.entries(services)) {
    const env = environmentOf(service);
    for (const variable of DEFAULTED_IN_CONFIG) {
      const value = env[variable];
      const fallback = value ? /\$\{\w+:?-([^}]+)\}/.exec(value)?.[1] : undefined;
      if (fallback !== undefined)
        problems.push(
          `service ${name}: ${variable} falls back to ${JSON.stringify(fallback)}: leave the default to libs/config (\${${variable}:-})`,
        );
    }
    for (const [variable, value] of Object.entries(env)) {
      if (
        SECRET_NAME.test(variable) &&
        value !== null &&
        value !== '' &&
        !/^\$\{[^}]+\}$/.test(value) &&
        !variable.endsWith('_FILE')
      )
        problems.push(`service ${name}: ${variable} is written in the file; take it from .env (\${${variable}})`);
    }
    for (const port of service.ports ?? []) {
      const hostIp =
        typeof port === 'string' ? (port.split(':').length >= 3 ? port.split(':')[0] : null) : (port.host_ip ?? null);
      if (hostIp !== '127.0.0.1')
        problems.push(`service ${name}: port ${JSON.stringify(port)} is not bound to 127.0.0.1`);
    }
  }
  for (const [file, text] of Object.entries(dynamicConfigs)) {
    const settings = Object.keys((yaml.load(text) as Record<string, unknown> | null) ?? {});
    for (const setting of settings.filter((key) => TEST_ONLY_SETTINGS.includes(key)))
      problems.push(
        `${file}: ${setting} is a testing aid (libs/temporal-cluster's test overlay), not a production setting`,
      );
  }
  return problems;
}

function main(): number {
  const composeFile = resolve(process.argv[2] ?? join(ROOT, 'docker-compose.yml'));
  const dynamicConfigDir = resolve(process.argv[3] ?? join(ROOT, 'deploy', 'temporal', 'dynamicconfig'));
  const dynamicConfigs = Object.fromEntries(
    readdirSync(dynamicConfigDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => [
        relative(ROOT, join(dynamicConfigDir, name)),
        readFileSync(join(dynamicConfigDir, name), 'utf8'),
      ]),
  );
  const problems = composeProblems(readFileSync(composeFile, 'utf8'), dynamicConfigs);
  for (const problem of problems) process.stdout.write(`[compose] FAIL ${problem}\n`);
  if (problems.length > 0) return 1;
  process.stdout.write(
    '[compose] PASS hardening: our services read-only (tmpfs /tmp), cap_drop ALL, no-new-privileges, init; shared settings alike; ports on 127.0.0.1; no secret in the file; no test-only dynamic config\n',
  );
  return 0;
}

process.exitCode = main();
