// Switching a Nix profile on a host that is not NixOS (issue 12), as its
// unprivileged SSH user, over Airlock's own SSH transport: the generation is
// made with nix-env, ACTIVATE runs from the new path, a failing ACTIVATE puts
// the previous generation back and runs the previous path's ACTIVATE, and a
// rollback by hand lands where asked. What is asserted is what an operator
// would check on the host: the profile's target, its generations, and what
// each ACTIVATE left behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, runOnHost, startFleet, stopFleet, type FleetState } from '../../../../../fleet/fleet';
import { NIX_ONLY_PROFILES, NIX_ONLY_USER } from '../../../../../fleet/nix-only-host';
import { NIX_ENV } from '../../../../../fleet/run';
import type { RemoteHost } from '../../../../../src/main/core/remote/remote-host';
import { listProfileGenerations, rollbackProfile, switchProfile } from '../../../../../src/main/core/remote/profile/profile-switch';
import { createSshTransport } from '../../../../../src/main/core/remote/ssh-transport';
import { buildStorePath } from '../../../../helpers/real-nix';
import { pushOverServe } from '../../../../../src/main/core/remote/serve/serve-push';
import { airlockHost, closureOf, makeCache } from '../serve/serve-fixture';

const work = mkdtempSync(join(tmpdir(), 'airlock-profile-switch-'));
const dataDir = join(work, 'data');
const transport = createSshTransport(dataDir);
const PROFILE = `${NIX_ONLY_PROFILES}/ioc`;
let fleet: FleetState;
let host: RemoteHost;

/** An IOC package whose bin/activate notes its version in the user's home, and exits with `exit`. */
function iocPackage(version: string, exit = 0): string {
  const script = [
    '/bin/mkdir -p $out/bin',
    `/bin/cat > $out/bin/activate <<'EOF'\n#!/bin/sh\necho ${version} >> "$HOME/activations"\nexit ${exit}\nEOF`,
    '/bin/chmod 755 $out/bin/activate',
  ].join('\n');
  return buildStorePath(`ioc-${version}`, script);
}

/** Puts a closure into the host's store as its user (the push itself is tested elsewhere). */
async function importOnHost(path: string): Promise<void> {
  const exported = execFileSync('sh', ['-c', 'nix-store --export $(nix-store -qR "$1")', 'export', path], {
    env: NIX_ENV,
    maxBuffer: 1 << 30,
  });
  await runOnHost(fleetHost(fleet, 'host1'), ['nix-store', '--import'], { user: NIX_ONLY_USER.name, input: exported, timeoutMs: 120_000 });
}

const onHost = async (argv: readonly string[]): Promise<string> =>
  (await runOnHost(fleetHost(fleet, 'host1'), argv, { user: NIX_ONLY_USER.name })).stdout.trim();
const activations = (): Promise<string> => onHost(['sh', '-c', 'cat "$HOME/activations" 2>/dev/null || true']);
const profileTarget = (): Promise<string> => onHost(['sh', '-c', 'cd "${1%/*}" && readlink "$(readlink "$1")"', 'x', PROFILE]);

beforeAll(async () => {
  fleet = await startFleet(1, { dir: join(work, 'fleet'), nixOnly: true });
  host = { ...airlockHost(dataDir, fleetHost(fleet, 'host1')), user: NIX_ONLY_USER.name };
}, 300_000);

afterAll(async () => {
  await transport.closeMaster(host).catch(() => undefined);
  await stopFleet(join(work, 'fleet'));
  rmSync(work, { recursive: true, force: true });
});

describe('a profile on a nix-only host, as its unprivileged user', () => {
  const v1 = iocPackage('v1');
  const v2 = iocPackage('v2');
  const bad = iocPackage('v3-bad', 3);

  it('is set and activated, one generation per switch, state kept where the user may write', async () => {
    await importOnHost(v1);
    const first = await switchProfile(transport, host, { id: 'p1', profile: PROFILE, target: v1, activate: 'bin/activate' });
    expect(first).toMatchObject({ result: 'switched', generation: 1, previous: null, activateExit: 0 });
    // /run/airlock belongs to root: the user's home holds the state instead.
    expect(first.stateDir).toBe(`/run/home/${NIX_ONLY_USER.name}/.airlock/p1`);
    await importOnHost(v2);
    const second = await switchProfile(transport, host, { id: 'p2', profile: PROFILE, target: v2, activate: 'bin/activate' });
    expect(second).toMatchObject({ result: 'switched', generation: 2, previous: 1, activateExit: 0 });
    expect(await profileTarget()).toBe(v2);
    expect(await activations()).toBe('v1\nv2');
    expect(await listProfileGenerations(transport, host, PROFILE)).toEqual([
      { number: 1, current: false, target: v1 },
      { number: 2, current: true, target: v2 },
    ]);
  }, 300_000);

  it('rolls back when ACTIVATE fails: the previous generation again, and its ACTIVATE run', async () => {
    await importOnHost(bad);
    const out = await switchProfile(transport, host, {
      id: 'p3',
      profile: PROFILE,
      target: bad,
      activate: 'bin/activate',
      previousActivate: 'bin/activate',
    });
    expect(out).toMatchObject({ result: 'rolled-back', generation: 3, previous: 2, activateExit: 3, rollbackActivateExit: 0 });
    expect(await profileTarget()).toBe(v2);
    expect(await activations()).toBe('v1\nv2\nv3-bad\nv2');
    const gens = await listProfileGenerations(transport, host, PROFILE);
    expect(gens.find((g) => g.current)).toEqual({ number: 2, current: true, target: v2 });
  }, 300_000);

  it('rolls back by hand, to the generation before or to one named, running ACTIVATE there', async () => {
    expect(await rollbackProfile(transport, host, { profile: PROFILE, activate: 'bin/activate' })).toEqual({
      generation: 1,
      target: v1,
      activateExit: 0,
    });
    expect(await profileTarget()).toBe(v1);
    expect(await rollbackProfile(transport, host, { profile: PROFILE, generation: 2, activate: 'bin/activate' })).toMatchObject({
      generation: 2,
      target: v2,
    });
    expect(await activations()).toBe('v1\nv2\nv3-bad\nv2\nv1\nv2');
    // The same id twice is refused, not run again.
    await expect(switchProfile(transport, host, { id: 'p1', profile: PROFILE, target: v1 })).rejects.toThrow(/already started/);
  }, 300_000);
});

describe('the push, as the unprivileged user who owns the Nix install', () => {
  it('sends a profile target from the offline cache over nix-store --serve, and the profile is then switched to it', async () => {
    const v4 = iocPackage('v4');
    const cache = makeCache(join(work, 'cache'), [v4], 'zstd');
    const result = await pushOverServe({ host, dataDir, cacheRoot: cache.root, paths: [...closureOf(v4)].reverse() });
    expect(result.pathsSent).toBe(closureOf(v4).length);
    expect(await onHost(['nix-store', '--verify-path', v4])).toBe('');
    const out = await switchProfile(transport, host, { id: 'p4', profile: PROFILE, target: v4, activate: 'bin/activate' });
    expect(out).toMatchObject({ result: 'switched', activateExit: 0 });
    expect(await profileTarget()).toBe(v4);
  }, 300_000);
});
