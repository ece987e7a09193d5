// The closure diff against a real fleet host: a second stand-in system with a
// newer kernel becomes generation 2 in the host's own store, and one ssh round
// trip reads both closures with the NAR sizes the host's Nix reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, runOnHost, startFleet, stopFleet, type FleetHost } from '../../../../fleet/fleet';
import { copyClosureToHost, setSystemProfile, systemGenerations } from '../../../../fleet/host-store';
import { fleetPaths } from '../../../../fleet/paths';
import { buildStandInSystem } from '../../../../fleet/stand-in-system';
import { compareClosures, readClosureSizes, readHostClosures } from '../../../../src/main/core/remote/closure-diff';
import { scanHostKeys } from '../../../../src/main/core/remote/host-keys';
import { pinHostKey } from '../../../../src/main/core/remote/known-hosts';
import type { RemoteHost } from '../../../../src/main/core/remote/remote-host';
import { sshPaths } from '../../../../src/main/core/remote/ssh-args';
import { createSshTransport } from '../../../../src/main/core/remote/ssh-transport';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir('airlock-closure-diff-');
const fleetDir = mkdtempSync(join(tmpdir(), 'airlock-closure-diff-fleet-'));
const dataDir = join(work, 'data');
const transport = createSshTransport(dataDir);
let host: FleetHost;
let remote: RemoteHost;
let gen1: string;
let gen2: string;

beforeAll(async () => {
  const fleet = await startFleet(1, { dir: fleetDir });
  host = fleetHost(fleet, 'host1');
  remote = { name: 'host1', address: host.address, port: host.port, user: 'root', identity: fleetPaths(fleetDir).clientKey };
  const [key] = await scanHostKeys(host.address, host.port);
  if (!key) throw new Error('host1 offered no key');
  pinHostKey(sshPaths(dataDir), 'host1', key);
  gen1 = systemGenerations(host.dir)[0]?.toplevel as string;
  gen2 = buildStandInSystem({ host: 'host1', version: '24.05.2' });
  copyClosureToHost(host.dir, gen2);
  setSystemProfile(host.dir, gen2);
}, 300_000);

afterAll(async () => {
  await transport.closeMaster(remote);
  await stopFleet(fleetDir);
  rmSync(fleetDir, { recursive: true, force: true });
});

const hostSizes = async (top: string): Promise<number> => {
  const paths = (await runOnHost(host, ['nix-store', '-qR', top])).stdout.trim().split('\n');
  const sizes = (await runOnHost(host, ['nix-store', '-q', '--size', ...paths])).stdout.trim().split('\n');
  return sizes.reduce((n, s) => n + Number(s), 0);
};

describe('closures read on the host', () => {
  it('lists both closures in one round trip, each path with the NAR size the host reports', async () => {
    const closures = await readHostClosures(transport, remote, [gen1, gen2]);
    const hostClosure = (await runOnHost(host, ['nix-store', '-qR', gen2])).stdout.trim().split('\n').sort();
    expect(
      closures
        .get(gen2)
        ?.map((p) => p.path)
        .sort(),
    ).toEqual(hostClosure);
    for (const top of [gen1, gen2]) expect(closures.get(top)?.reduce((n, p) => n + p.narSize, 0)).toBe(await hostSizes(top));
    expect(closures.get(gen1)?.every((p) => p.narSize > 0)).toBe(true);
  });

  it('turns them into the kernel and the system changed with both versions, the shared packages left out', async () => {
    const closures = await readHostClosures(transport, remote, [gen1, gen2]);
    const d = compareClosures(closures.get(gen1) ?? [], closures.get(gen2) ?? []);
    expect(d.changed.map((c) => [c.name, c.from, c.to])).toEqual([
      ['linux', ['6.6.58'], ['6.6.59']],
      ['nixos-system-host1', ['24.05.1'], ['24.05.2']],
    ]);
    expect([d.added, d.removed]).toEqual([[], []]);
  });

  it('sums every generation closure on the host', async () => {
    const sizes = await readClosureSizes(transport, remote);
    expect([...sizes.keys()].sort()).toEqual([1, 2]);
    expect(sizes.get(1)).toBe(await hostSizes(gen1));
    expect(sizes.get(2)).toBe(await hostSizes(gen2));
  });

  it('says so when the host does not hold a path, and never runs a path as shell', async () => {
    const absent = `/nix/store/${'0'.repeat(32)}-absent-1.0`;
    await expect(readHostClosures(transport, remote, [gen1, absent])).rejects.toThrow(/does not hold/);
    await expect(readHostClosures(transport, remote, ['$(reboot)'])).rejects.toThrow(/not in \/nix\/store/);
  });
});
