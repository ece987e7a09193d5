// `airlock host probe` and `airlock generations` through the real CLI against
// a real fleet of two hosts: generation flags read from real profile links, a
// pending `boot` activation seen as "needs reboot", and an offline host
// reported beside a live one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, runOnHost, startFleet, stopFleet, type FleetHost, type FleetState } from '../../fleet/fleet';
import { stopHostProcesses } from '../../fleet/host-process';
import { copyClosureToHost } from '../../fleet/host-store';
import { fleetPaths } from '../../fleet/paths';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import type { GenerationInfo, HostProbe } from '../../src/main/core/remote/probe-hosts';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { dataDirWithSite } from '../helpers/site-db';

const work = tempDir('airlock-cli-probe-');
const fleetDir = mkdtempSync(join(tmpdir(), 'airlock-probe-fleet-'));
const dir = join(work, 'data');
let fleet: FleetState;
const host = (name: string): FleetHost => fleetHost(fleet, name);

/** NixOS and kernel versions of a toplevel, read on the host itself. */
async function versionsOn(h: FleetHost, toplevel: string): Promise<{ nixosVersion: string; kernelVersion: string }> {
  const nixosVersion = (await runOnHost(h, ['cat', `${toplevel}/nixos-version`])).stdout.trim();
  const kernelPkg = (await runOnHost(h, ['readlink', `${toplevel}/kernel`])).stdout.trim().split('/').at(-2) ?? '';
  return { nixosVersion, kernelVersion: kernelPkg.replace(/^[0-9a-z]{32}-linux-/, '') };
}

const probeJson = (...names: string[]): HostProbe[] =>
  JSON.parse(airlock(['host', 'probe', ...names, '--json', '--data-dir', dir]).text) as HostProbe[];

beforeAll(async () => {
  fleet = await startFleet(2, { dir: fleetDir });
  dataDirWithSite(dir);
  for (const h of fleet.hosts) {
    const args = ['host', 'add', h.name, '--address', h.address, '--port', String(h.port), '--identity', fleetPaths(fleetDir).clientKey];
    const added = airlock([...args, '--accept-host-key', h.hostKeyFingerprint, '--data-dir', dir]);
    expect(added.stderr).toBe('');
  }
}, 120_000);

afterAll(async () => {
  await stopFleet(fleetDir);
  rmSync(fleetDir, { recursive: true, force: true });
});

describe('airlock host probe / generations', () => {
  it('probes both hosts in one go: generation 1 is current, booted and default, with the versions the host has', async () => {
    const probes = probeJson();
    expect(probes.map((p) => [p.name, p.reachable, p.error, p.rebootNeeded, p.defaultGeneration])).toEqual([
      ['host1', true, undefined, false, 1],
      ['host2', true, undefined, false, 1],
    ]);
    for (const p of probes) {
      const h = host(p.name);
      expect(p).toMatchObject({ nixVersion: expect.stringMatching(/^\d+\.\d+/), current: h.baseSystem, booted: h.baseSystem });
      expect(p.freeBytesNix).toBeGreaterThan(0);
      expect(p.generations).toEqual([
        {
          generation: 1,
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
          toplevel: h.baseSystem,
          current: true,
          booted: true,
          default: true,
          ...(await versionsOn(h, h.baseSystem as string)),
        },
      ]);
    }
    const table = airlock(['host', 'probe', '--data-dir', dir]);
    expect(table.status).toBe(0);
    expect(table.text).toMatch(/host1\s+online\s+1\s+24\.05\.1 \(Uakari\)\s+6\.6\.58\s+\d/);
  });

  it('sees a generation installed with `boot` as the default awaiting a reboot', async () => {
    const h1 = host('host1');
    const next = buildStandInSystem({ host: 'host1', version: '24.05.2' });
    copyClosureToHost(h1.dir, next);
    await runOnHost(h1, ['nix-env', '--profile', '/nix/var/nix/profiles/system', '--set', next]);
    await runOnHost(h1, [`${next}/bin/switch-to-configuration`, 'boot']);

    const [p1] = probeJson('host1');
    expect(p1).toMatchObject({
      name: 'host1',
      reachable: true,
      defaultGeneration: 2,
      current: h1.baseSystem,
      booted: h1.baseSystem,
      rebootNeeded: true,
    });
    const listed = airlock(['generations', 'host1', '--json', '--data-dir', dir]);
    expect([listed.status, listed.stderr]).toEqual([0, '']);
    const gens = JSON.parse(listed.text) as GenerationInfo[];
    expect(gens.map((g) => [g.generation, g.toplevel, g.current, g.booted, g.default])).toEqual([
      [2, next, false, false, true],
      [1, h1.baseSystem, true, true, false],
    ]);
    expect(gens[0]).toMatchObject(await versionsOn(h1, next));
    expect(gens[0]?.kernelVersion).not.toBe(gens[1]?.kernelVersion);
    expect(Date.parse(gens[0]?.date ?? '')).toBeGreaterThanOrEqual(Date.parse(gens[1]?.date ?? ''));
    expect(airlock(['host', 'probe', 'host1', '--data-dir', dir]).text).toMatch(/host1\s+needs reboot\s+1\s/);
  }, 120_000);

  it('reports a host whose sshd is down as offline, with the reason, beside the live one', async () => {
    const h2 = host('host2');
    await stopHostProcesses(h2.mountNamespace, [h2.sshdPid]);

    const probe = airlock(['host', 'probe', '--json', '--data-dir', dir]);
    // Offline hosts are reported, not failed on: the probe itself succeeded.
    expect(probe.status).toBe(0);
    const [p1, p2] = JSON.parse(probe.text) as HostProbe[];
    expect(p1).toMatchObject({ name: 'host1', reachable: true, defaultGeneration: 2 });
    expect(p2).toMatchObject({ name: 'host2', reachable: false, generations: [], error: expect.stringContaining('host2') });
    expect(p2?.error).toMatch(/refused|unreachable|closed|reset/i);
    expect(airlock(['host', 'probe', '--data-dir', dir]).text).toMatch(/host2\s+offline\s/);

    const gens = airlock(['generations', 'host2', '--data-dir', dir]);
    expect(gens.status).toBe(1);
    expect(gens.stderr).toMatch(/^airlock: cannot list generations of host2: /);
    expect(airlock(['generations', 'nohost', '--data-dir', dir]).stderr).toContain("no host named 'nohost'");
  }, 60_000);
});
