// The test fleet itself, against real sshd and real Nix: if these hold, tests
// built on the fleet talk to hosts that behave like separate machines.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, rebootHost, runOnHost, startFleet, stopFleet, type FleetState } from '../../fleet/fleet';
import { isAlive, processesInNamespace } from '../../fleet/host-process';
import { copyClosureToHost } from '../../fleet/host-store';
import { fleetPaths } from '../../fleet/paths';
import { buildStandInSystem } from '../../fleet/stand-in-system';

const dir = mkdtempSync(join(tmpdir(), 'airlock-fleet-test-'));
let fleet: FleetState;

async function on(hostName: string, argv: readonly string[]): Promise<string> {
  return (await runOnHost(fleetHost(fleet, hostName), argv)).stdout.trim();
}

beforeAll(async () => {
  fleet = await startFleet(3, { dir });
});

afterAll(async () => {
  await stopFleet(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('test fleet', () => {
  it('starts three hosts, each answering over real ssh with its own pinned host key', async () => {
    expect(fleet.hosts.map((h) => h.name)).toEqual(['host1', 'host2', 'host3']);
    expect(new Set(fleet.hosts.map((h) => h.port)).size).toBe(3);
    expect(new Set(fleet.hosts.map((h) => h.hostKeyFingerprint)).size).toBe(3);
    for (const host of fleet.hosts) expect(await on(host.name, ['nix-store', '--version'])).toMatch(/^nix-store \(Nix\) /);

    // host2 presented with host1's key only: StrictHostKeyChecking must refuse it.
    const [host1, host2] = fleet.hosts as [FleetState['hosts'][0], FleetState['hosts'][0]];
    const wrongKnownHosts = join(dir, 'wrong_known_hosts');
    writeFileSync(wrongKnownHosts, `[127.0.0.1]:${host2.port} ${host1.hostPublicKey}\n`);
    const refused = await runOnHost({ ...host2, knownHosts: wrongKnownHosts }, ['true'], { check: false });
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/host key/i);
  });

  it('gives every host its own store holding its own base system as generation 1', async () => {
    for (const host of fleet.hosts) {
      await on(host.name, ['nix-store', '--verify-path', host.baseSystem as string]);
      expect(await on(host.name, ['nix-store', '-q', '--references', host.baseSystem as string])).toContain('-system-path');
      expect(await on(host.name, ['readlink', '/nix/var/nix/profiles/system'])).toBe('system-1-link');
      expect(await on(host.name, ['readlink', '/nix/var/nix/profiles/system-1-link'])).toBe(host.baseSystem);
      expect(await on(host.name, ['readlink', '/run/current-system'])).toBe(host.baseSystem);
      expect(await on(host.name, ['readlink', '/run/booted-system'])).toBe(host.baseSystem);
    }
    const [host1, host2] = fleet.hosts as [FleetState['hosts'][0], FleetState['hosts'][0]];
    expect(host1.baseSystem).not.toBe(host2.baseSystem);
    // host1's toplevel exists in the machine's store but not in host2's.
    const other = await runOnHost(host2, ['nix-store', '--check-validity', host1.baseSystem as string], { check: false });
    expect(other.code).not.toBe(0);
  });

  it("keeps each host's /run private", async () => {
    await on('host1', ['touch', '/run/only-on-host1']);
    expect(await on('host1', ['ls', '/run'])).toContain('only-on-host1');
    expect(await on('host2', ['ls', '/run'])).not.toContain('only-on-host1');
    expect(existsSync('/run/only-on-host1')).toBe(false);
  });

  it('reboots a host into its profile, on the same port with the same host key', async () => {
    const before = fleetHost(fleet, 'host2');
    const next = buildStandInSystem({ host: 'host2', version: '24.05.2' });
    copyClosureToHost(before.dir, next);
    await on('host2', ['nix-env', '--profile', '/nix/var/nix/profiles/system', '--set', next]);
    await on('host2', [`${next}/bin/switch-to-configuration`, 'boot']);
    expect(await on('host2', ['readlink', '/run/current-system'])).toBe(before.baseSystem);

    const after = await rebootHost(dir, 'host2');
    fleet = { ...fleet, hosts: fleet.hosts.map((h) => (h.name === after.name ? after : h)) };
    expect(after.port).toBe(before.port);
    expect(after.hostKeyFingerprint).toBe(before.hostKeyFingerprint);
    expect(after.sshdPid).not.toBe(before.sshdPid);
    expect(isAlive(before.sshdPid)).toBe(false);
    // runOnHost pins the key from known_hosts: answering at all proves it is the same key.
    expect(await on('host2', ['readlink', '/nix/var/nix/profiles/system'])).toBe('system-2-link');
    expect(await on('host2', ['readlink', '/run/booted-system'])).toBe(next);
    expect(await on('host2', ['readlink', '/run/current-system'])).toBe(next);
    expect(await on('host2', ['cat', '/run/current-system/nixos-version'])).toBe('24.05.2 (Uakari)');
    // An update shares most of the closure, as real ones do.
    const oldClosure = new Set((await on('host2', ['nix-store', '-qR', before.baseSystem as string])).split('\n'));
    const newClosure = (await on('host2', ['nix-store', '-qR', next])).split('\n');
    expect(newClosure.filter((p) => oldClosure.has(p)).length).toBeGreaterThan(newClosure.length / 2);
  });

  it('down stops every process of every host, by pid', async () => {
    const pids = fleet.hosts.flatMap((h) => processesInNamespace(h.mountNamespace));
    expect(pids.length).toBeGreaterThanOrEqual(3);
    const stopped = await stopFleet(dir);
    // A session that was just ending may be gone before down lists it: every listener is signalled,
    // nothing listed before is alive after, and nothing at all is left in any host's namespace.
    for (const h of fleet.hosts) expect(stopped).toContain(h.sshdPid);
    for (const pid of stopped) expect(pids).toContain(pid);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    for (const h of fleet.hosts) expect(processesInNamespace(h.mountNamespace)).toEqual([]);
    expect(existsSync(fleetPaths(dir).stateFile)).toBe(false);
    const gone = await runOnHost(fleetHost(fleet, 'host1'), ['true'], { check: false });
    expect(gone.code).toBe(255);
  });
});
