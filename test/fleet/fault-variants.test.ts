// The stand-in systems' switch-to-configuration, run on a real fleet host over
// real ssh: the normal activation and each fault the deploy code must survive.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnHost, startFleet, stopFleet, type FleetHost } from '../../fleet/fleet';
import { copyClosureToHost } from '../../fleet/host-store';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import type { SystemVariant } from '../../fleet/switch-script';

const dir = mkdtempSync(join(tmpdir(), 'airlock-fleet-faults-'));
let host: FleetHost;

function systemOnHost(variant: SystemVariant): string {
  const toplevel = buildStandInSystem({ host: 'host1', version: '24.05.2', variant });
  copyClosureToHost(host.dir, toplevel);
  return toplevel;
}

const switchTo = (toplevel: string, options = {}) =>
  runOnHost(host, [`${toplevel}/bin/switch-to-configuration`, 'switch'], { check: false, ...options });
const current = async () => (await runOnHost(host, ['readlink', '/run/current-system'])).stdout.trim();

async function waitForLog(text: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (readFileSync(join(host.dir, 'run', 'activation.log'), { encoding: 'utf8', flag: 'a+' }).includes(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`activation.log never said ${text}`);
}

beforeAll(async () => {
  [host] = (await startFleet(1, { dir })).hosts as [FleetHost];
});

afterAll(async () => {
  await stopFleet(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('stand-in system activation', () => {
  it('switch points /run/current-system at the system and logs the call; dry-activate changes nothing', async () => {
    const next = systemOnHost('normal');
    const dry = await runOnHost(host, [`${next}/bin/switch-to-configuration`, 'dry-activate']);
    expect(dry.stdout).toContain(`to ${next}`);
    expect(await current()).toBe(host.baseSystem);
    expect((await switchTo(next)).code).toBe(0);
    expect(await current()).toBe(next);
    const log = readFileSync(join(host.dir, 'run', 'activation.log'), 'utf8');
    expect(log).toMatch(new RegExp(`dry-activate ${next} normal ok\\n.*switch ${next} normal ok\\n`));
  });

  it('fail-unit exits 4 naming the failed unit', async () => {
    const result = await switchTo(systemOnHost('fail-unit'));
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('the following units failed');
  });

  it("stop-sshd cuts off new logins until the previous system's activation starts sshd again", async () => {
    const broken = systemOnHost('stop-sshd');
    // One session runs the broken switch and then, as a watchdog would, the previous system's.
    const session = runOnHost(host, [
      'sh',
      '-c',
      `$1/bin/switch-to-configuration switch; /usr/bin/sleep 3; $2/bin/switch-to-configuration test`,
      'sh',
      broken,
      host.baseSystem as string,
    ]);
    await waitForLog('stopping sshd');
    const cutOff = await runOnHost(host, ['true'], { check: false });
    expect(cutOff.code).toBe(255);
    expect(cutOff.stderr).toMatch(/refused/i);
    expect((await session).stdout).toContain('sshd.service');
    expect(await current()).toBe(host.baseSystem);
  });

  it('kill-session drops the SSH connection mid-way', async () => {
    const system = systemOnHost('kill-session');
    const result = await switchTo(system);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/closed by remote host/);
    // The switch got as far as /run/current-system before the session died.
    expect(await current()).toBe(system);
  });

  it('hang never returns', async () => {
    const result = await switchTo(systemOnHost('hang'), { timeoutMs: 3000 });
    expect(result.timedOut).toBe(true);
  });
});
