// Fleet hosts that boot a real systemd (systemd-nspawn, Debian's systemd as
// PID 1): sshd runs as a unit, systemctl answers, systemd-run starts transient
// units for the SSH user, with a NixOS-like PATH, and the stand-in systems'
// faults are real unit states. Everything the plain fleet promises still holds.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, rebootHost, runOnHost, startFleet, stopFleet, type FleetState } from '../../fleet/fleet';
import { isAlive, processesInNamespace } from '../../fleet/host-process';
import { copyClosureToHost } from '../../fleet/host-store';
import { fleetPaths } from '../../fleet/paths';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import { formatStatus } from '../../fleet/status';
import { UNIT_PATH } from '../../fleet/systemd-tree';

const dir = mkdtempSync(join(tmpdir(), 'airlock-fleet-systemd-'));
let fleet: FleetState;

async function on(hostName: string, script: string): Promise<string> {
  return (await runOnHost(fleetHost(fleet, hostName), ['sh', '-c', script])).stdout.trim();
}

beforeAll(async () => {
  fleet = await startFleet(2, { dir, systemd: true });
}, 120_000);

afterAll(async () => {
  await stopFleet(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('fleet hosts with a real systemd', () => {
  it("boot systemd as PID 1, with sshd as a unit and the host's own store and /run", async () => {
    for (const host of fleet.hosts) {
      expect(host.systemd).toBeDefined();
      expect(await on(host.name, 'cat /proc/1/comm')).toBe('systemd');
      expect(await on(host.name, 'systemctl is-system-running')).toBe('running');
      expect(await on(host.name, 'systemctl is-active sshd.service')).toBe('active');
      // This very login is a process of the sshd unit.
      expect(await on(host.name, 'cat /proc/self/cgroup')).toMatch(/name=systemd:\/system\.slice\/sshd\.service/);
      expect(await on(host.name, 'readlink /run/current-system')).toBe(host.baseSystem);
      await on(host.name, `nix-store --verify-path ${host.baseSystem}`);
    }
    await on('host1', 'touch /run/only-on-host1');
    expect(await on('host2', 'ls /run')).not.toContain('only-on-host1');
    expect(existsSync(join(fleetHost(fleet, 'host1').dir, 'run', 'only-on-host1'))).toBe(true);
    expect(formatStatus(fleet)).toMatch(/host1 .* sshd running \(pid \d+\)/);
  });

  it('systemd-run starts a transient unit for the SSH user, whose PATH holds neither nix-env nor coreutils, as on NixOS', async () => {
    const out = await on(
      'host1',
      [
        'systemd-run --unit airlock-probe --quiet --collect /bin/sh -c \'echo "$PATH" > /run/probe; command -v nix-env mv >> /run/probe || echo none >> /run/probe\'',
        'for i in 1 2 3 4 5 6 7 8 9 10; do [ -s /run/probe ] && grep -q none /run/probe && break; sleep 0.2; done',
        'cat /run/probe',
      ].join('\n'),
    );
    expect(out.split('\n')).toEqual([UNIT_PATH, 'none']);
    expect(await on('host1', 'journalctl -u airlock-probe.service --no-pager')).toMatch(/Started airlock-probe\.service/);
  });

  it("a failed unit of a stand-in system makes systemd degraded; the next system's activation clears it", async () => {
    const host = fleetHost(fleet, 'host2');
    const broken = buildStandInSystem({ host: 'host2', version: '24.05.2', variant: 'degraded' });
    copyClosureToHost(host.dir, broken);
    expect(await on('host2', `${broken}/bin/switch-to-configuration test; echo "exit $?"`)).toBe('exit 0');
    expect(await on('host2', 'systemctl is-system-running || true')).toBe('degraded');
    expect(await on('host2', 'systemctl --failed --no-legend --plain')).toContain('airlock-demo.service');
    await on('host2', `${host.baseSystem}/bin/switch-to-configuration test`);
    expect(await on('host2', 'systemctl is-system-running')).toBe('running');
  });

  it("stop-sshd stops the sshd unit; the previous system's activation starts it again", async () => {
    const host = fleetHost(fleet, 'host2');
    const cut = buildStandInSystem({ host: 'host2', version: '24.05.3', variant: 'stop-sshd' });
    copyClosureToHost(host.dir, cut);
    await on(
      'host2',
      `systemd-run --unit airlock-cut --quiet --collect /bin/sh -c '${cut}/bin/switch-to-configuration test; /usr/bin/sleep 2; ${host.baseSystem}/bin/switch-to-configuration test'`,
    );
    for (let i = 0; i < 100 && !readFileSync(join(host.dir, 'run', 'activation.log'), 'utf8').includes('stopping sshd'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await runOnHost(host, ['true'], { check: false })).code).toBe(255);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await on('host2', 'systemctl is-active sshd.service')).toBe('active');
    expect(await on('host2', 'readlink /run/current-system')).toBe(host.baseSystem);
  });

  it('reboots into its profile: a new systemd, the same port and host key', async () => {
    const before = fleetHost(fleet, 'host1');
    const next = buildStandInSystem({ host: 'host1', version: '24.05.2' });
    copyClosureToHost(before.dir, next);
    await on('host1', `nix-env --profile /nix/var/nix/profiles/system --set ${next} && ${next}/bin/switch-to-configuration boot`);
    const after = await rebootHost(dir, 'host1');
    fleet = { ...fleet, hosts: fleet.hosts.map((h) => (h.name === after.name ? after : h)) };
    expect(after.port).toBe(before.port);
    expect(after.systemd?.initPid).not.toBe(before.systemd?.initPid);
    expect(isAlive(before.systemd?.initPid ?? 0)).toBe(false);
    expect(await on('host1', 'readlink /run/booted-system; readlink /run/current-system; systemctl is-system-running')).toBe(
      `${next}\n${next}\nrunning`,
    );
    // An earlier boot's transient units and files under /run/systemd are gone.
    expect(await on('host1', 'journalctl -b -u airlock-probe.service --no-pager -q || true')).toBe('');
  });

  it('down ends every host: its systemd, every process in it, and systemd-nspawn', async () => {
    const pids = fleet.hosts.flatMap((h) => processesInNamespace(h.mountNamespace));
    expect(pids.length).toBeGreaterThanOrEqual(4);
    const stopped = await stopFleet(dir);
    for (const h of fleet.hosts) expect(stopped).toEqual(expect.arrayContaining([h.systemd?.initPid, h.systemd?.nspawnPid]));
    for (const pid of [...pids, ...fleet.hosts.map((h) => h.systemd?.nspawnPid ?? 0)]) expect(isAlive(pid)).toBe(false);
    for (const h of fleet.hosts) expect(processesInNamespace(h.mountNamespace)).toEqual([]);
    expect(existsSync(fleetPaths(dir).stateFile)).toBe(false);
  });
});
