// The supervision primitives on plain node children: stop escalates to SIGKILL, groups die whole, deaths are reported.
import { afterEach, describe, expect, it } from 'vitest';
import { NotReadyError, processGroupAlive, ServiceProcess, tcpProbe, waitUntilReady } from '../src';

const running: ServiceProcess[] = [];

function nodeService(name: string, script: string): ServiceProcess {
  const service = new ServiceProcess({
    name,
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: process.env,
    logFile: null,
  });
  running.push(service);
  return service;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop(1_000, 'SIGKILL')));
});

describe('ServiceProcess', () => {
  it('escalates to SIGKILL when SIGTERM is ignored, and reports it', async () => {
    const stubborn = nodeService(
      'stubborn',
      "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);",
    );
    const up = new Promise<void>((resolve) => stubborn.onLine((line) => line === 'up' && resolve()));
    stubborn.start();
    await up;
    const exit = await stubborn.stop(300);
    expect(exit).toMatchObject({ signal: 'SIGKILL', escalated: true });
    expect(stubborn.recentLines().at(-1)).toMatch(/did not stop within 300 ms of SIGTERM: sending SIGKILL/);
  });

  it('leaves nothing of its process group behind, grandchildren included', async () => {
    const parent = nodeService(
      'parent',
      "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('child', c.pid); setInterval(() => {}, 1000);",
    );
    const childPid = new Promise<number>((resolve) =>
      parent.onLine((line) => line.startsWith('child ') && resolve(Number(line.slice(6)))),
    );
    parent.start();
    const grandchild = await childPid;
    const group = parent.pid ?? 0;
    await parent.stop(2_000);
    // The orphaned grandchild is reaped by init, which may take a moment.
    await expect.poll(() => processGroupAlive(group), { timeout: 3_000 }).toBe(false);
    expect(() => process.kill(grandchild, 0)).toThrow();
  });

  it('fails the readiness wait at once, with its last lines, when the process dies first', async () => {
    const crashing = nodeService('crashing', "console.error('config: API_KEYS missing'); process.exit(3);");
    crashing.start();
    const started = Date.now();
    const wait = waitUntilReady(tcpProbe('127.0.0.1', 9), {
      service: 'crashing',
      timeoutMs: 30_000,
      process: crashing,
    });
    await expect(wait).rejects.toThrow(NotReadyError);
    await expect(wait).rejects.toMatchObject({
      message: expect.stringMatching(/crashing exited \(exit code 3\) before it was ready/) as unknown,
      recentLines: ['config: API_KEYS missing'],
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
