// A fleet host that is not NixOS (issue 12): Nix and sshd only, reached as an
// unprivileged user who owns the Nix install and a per-user profile. If these
// hold, a test deploying a profile to it talks to what a plain Linux box with
// a single-user Nix looks like.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, loadFleet, rebootHost, runOnHost, startFleet, stopFleet, type FleetState } from '../../fleet/fleet';
import { NIX_ONLY_PROFILES, NIX_ONLY_USER } from '../../fleet/nix-only-host';
import { NIX_ENV } from '../../fleet/run';
import { buildStandInSystem } from '../../fleet/stand-in-system';

const dir = mkdtempSync(join(tmpdir(), 'airlock-nix-only-test-'));
let fleet: FleetState;

const asUser = async (argv: readonly string[], check = true) =>
  runOnHost(fleetHost(fleet, 'host1'), argv, { user: NIX_ONLY_USER.name, check, timeoutMs: 120_000 });

beforeAll(async () => {
  fleet = await startFleet(1, { dir, nixOnly: true });
}, 300_000);

afterAll(async () => {
  await stopFleet(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('a nix-only fleet host', () => {
  it('is reached as its unprivileged user, and has Nix but no NixOS and no systemd', async () => {
    const host = fleetHost(fleet, 'host1');
    expect(host.user).toBe(NIX_ONLY_USER.name);
    expect(host.baseSystem).toBeUndefined();
    expect((await asUser(['id', '-u'])).stdout.trim()).toBe(String(NIX_ONLY_USER.uid));
    expect((await asUser(['nix-store', '--version'])).stdout).toMatch(/^nix-store \(Nix\) /);
    const absent = await asUser([
      'sh',
      '-c',
      'for p in /run/current-system /run/booted-system /nix/var/nix/profiles/system /run/systemd/system; do [ -e "$p" ] && echo "$p"; done; command -v switch-to-configuration systemctl systemd-run; true',
    ]);
    expect(absent.stdout.trim()).toBe('');
  }, 120_000);

  it('lets that user import a closure and set its own per-user profile, generations owned by it', async () => {
    const path = buildStandInSystem({ host: 'host1', version: '24.05.7' });
    const exported = execFileSync('sh', ['-c', 'nix-store --export $(nix-store -qR "$1")', 'export', path], {
      env: NIX_ENV,
      maxBuffer: 1 << 30,
    });
    await runOnHost(fleetHost(fleet, 'host1'), ['nix-store', '--import'], {
      user: NIX_ONLY_USER.name,
      input: exported,
      timeoutMs: 120_000,
    });
    const profile = `${NIX_ONLY_PROFILES}/ioc`;
    await asUser(['nix-env', '-p', profile, '--set', path]);
    expect((await asUser(['readlink', '-f', profile])).stdout.trim()).toBe(path);
    const owner = await asUser(['stat', '-c', '%u', `${profile}-1-link`]);
    expect(owner.stdout.trim()).toBe(String(NIX_ONLY_USER.uid));
    expect((await asUser(['nix-store', '--verify-path', path])).code).toBe(0);
  }, 300_000);

  it('comes back from a reboot with its profile, still without a system', async () => {
    await rebootHost(dir, 'host1');
    fleet = loadFleet(dir);
    const generations = await asUser(['nix-env', '-p', `${NIX_ONLY_PROFILES}/ioc`, '--list-generations']);
    expect(generations.stdout).toMatch(/^\s*1\s/m);
  }, 120_000);
});
