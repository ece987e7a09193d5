// A Nix profile on a host that is not NixOS (issue 12), through the real CLI,
// on a real nix-only fleet host reached as its unprivileged user: `deploy`
// pushes a bundle's profile target and switches the profile, running its
// ACTIVATE; a failing ACTIVATE rolls back automatically (deploy exits 1 and
// says so); `rollback --profile` goes back by the records and runs the older
// ACTIVATE, `switch --profile` goes to a generation named; `generations --profile` lists the profile's generations. What is
// asserted is what an operator checks: the profile's target on the host, what
// each ACTIVATE left behind, the exit status, the records and the audit log.
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import { NIX_ONLY_PROFILES, NIX_ONLY_USER } from '../../fleet/nix-only-host';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import type { ProfileGenerationView } from '../../src/main/core/usecases/profiles';
import { useFleetSite } from '../helpers/fleet-site';
import { buildStorePath } from '../helpers/real-nix';

const { site, host } = useFleetSite('profile-deploy', 1, { nixOnly: true });
const PROFILE = `${NIX_ONLY_PROFILES}/ioc`;

/** A stand-in IOC: bin/activate notes its version in the user's home and exits with `exit`. */
function iocPackage(version: string, exit = 0): string {
  const script = [
    '/bin/mkdir -p $out/bin',
    `/bin/cat > $out/bin/activate <<'EOF'\n#!/bin/sh\necho ${version} >> "$HOME/activations"\nexit ${exit}\nEOF`,
    '/bin/chmod 755 $out/bin/activate',
  ].join('\n');
  return buildStorePath(`profile-deploy-ioc-${version}`, script);
}

/** Seals bundle `sequence` carrying only host1's profile set to `target`, and imports it. */
function profileBundle(sequence: number, target: string): void {
  const key = join(dirname(site.dataDir), 'build.sec');
  const out = join(site.stick, `fleet-${sequence}.airlock`);
  const create = [
    'bundle',
    'create',
    '--out',
    out,
    '--site',
    'fleet',
    '--sequence',
    String(sequence),
    '--sign',
    key,
    '--base',
    site.cacheRoot,
  ];
  for (const args of [
    [...create, '--profile', `host1:${PROFILE}=${target}:bin/activate`],
    ['cache', 'import', out],
  ]) {
    const r = site.cli(args);
    expect([r.status, r.stderr], args.join(' ')).toEqual([0, expect.any(String)]);
  }
}

const onHost = async (argv: readonly string[]): Promise<string> =>
  (await runOnHost(host('host1'), argv, { user: NIX_ONLY_USER.name })).stdout.trim();
const activations = (): Promise<string> => onHost(['sh', '-c', 'cat "$HOME/activations" 2>/dev/null || true']);
const profileTarget = (): Promise<string> => onHost(['sh', '-c', 'cd "${1%/*}" && readlink "$(readlink "$1")"', 'x', PROFILE]);
const deploy = (): { status: number; stderr: string; outcomes: HostOutcome[] } => {
  const r = site.cli(['deploy', 'host1', '--json']);
  return { status: r.status, stderr: r.stderr, outcomes: JSON.parse(r.text || '[]') as HostOutcome[] };
};
const generations = (args: readonly string[] = ['--profile', PROFILE]): ProfileGenerationView[] => {
  const r = site.cli(['generations', 'host1', ...args, '--json']);
  expect([r.status, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.text) as ProfileGenerationView[];
};
const auditRows = (): { action: string; subject: string; outcome: string; details: Record<string, unknown> }[] =>
  JSON.parse(site.cli(['audit', '--json']).text) as {
    action: string;
    subject: string;
    outcome: string;
    details: Record<string, unknown>;
  }[];

describe('a profile on a nix-only host, through airlock deploy, rollback and generations', () => {
  const v1 = iocPackage('v1');
  const v2 = iocPackage('v2');
  const bad = iocPackage('v3-bad', 3);

  it('deploys a profile-only bundle: the target is pushed, the profile set, its ACTIVATE run, the deploy recorded and audited', async () => {
    profileBundle(1, v1);
    const first = deploy();
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(first.outcomes.map((o) => [o.host, o.outcome, o.from.generation, o.to.generation, o.to.toplevel])).toEqual([
      ['host1', 'succeeded', null, 1, v1],
    ]);
    expect(first.outcomes[0]?.pathsSent).toBeGreaterThan(0);
    profileBundle(2, v2);
    const second = deploy();
    expect([second.status, second.stderr]).toEqual([0, '']);
    expect(second.outcomes.map((o) => [o.outcome, o.from.generation, o.to.generation])).toEqual([['succeeded', 1, 2]]);
    expect(await profileTarget()).toBe(v2);
    expect(await activations()).toBe('v1\nv2');
    const deploys = auditRows().filter((a) => a.action === 'host.deploy' && a.subject === 'host1');
    expect(deploys.map((a) => [a.outcome, a.details.profile, a.details.bundle])).toEqual([
      ['ok', PROFILE, 'fleet-1'],
      ['ok', PROFILE, 'fleet-2'],
    ]);
    // The same bundle again changes nothing.
    const again = deploy();
    expect([again.status, again.outcomes.map((o) => o.outcome)]).toEqual([0, ['unchanged']]);
  }, 600_000);

  it('a failing ACTIVATE rolls the profile back automatically: deploy exits 1 and says so', async () => {
    profileBundle(3, bad);
    const r = site.cli(['deploy', 'host1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/host1 rolled back: .*bin\/activate exited 3; rolled back automatically to generation 2/);
    expect(await profileTarget()).toBe(v2);
    expect(await activations()).toBe('v1\nv2\nv3-bad\nv2');
    const listed = generations();
    expect(listed.map((g) => [g.generation, g.current, g.toplevel])).toEqual([
      [3, false, bad],
      [2, true, v2],
      [1, false, v1],
    ]);
    expect(listed.find((g) => g.generation === 2)?.deployedBy).toMatchObject({ bundle: 'fleet-2', confirmed: true });
    // Without --profile, a host that is not NixOS lists its only profile.
    expect(generations([]).map((g) => g.generation)).toEqual([3, 2, 1]);
  }, 600_000);

  it('rolls back by hand, by the records (not to the rolled-back generation 3), and --to one named', async () => {
    const back = site.cli(['rollback', 'host1', '--profile', PROFILE, '--reason', 'ioc v2 misbehaves', '--json']);
    expect([back.status, back.stderr]).toEqual([0, '']);
    expect((JSON.parse(back.text) as HostOutcome[]).map((o) => [o.outcome, o.from.generation, o.to.generation, o.to.toplevel])).toEqual([
      ['succeeded', 2, 1, v1],
    ]);
    expect(await profileTarget()).toBe(v1);
    // The host's only profile, without --profile.
    const forward = site.cli(['rollback', 'host1', '--to', '2']);
    expect([forward.status, forward.stderr]).toEqual([0, '']);
    expect(await profileTarget()).toBe(v2);
    // switch --profile names the generation.
    const switched = site.cli(['switch', 'host1', '1', '--profile', PROFILE]);
    expect([switched.status, switched.stderr]).toEqual([0, '']);
    expect(await profileTarget()).toBe(v1);
    expect(await activations()).toBe('v1\nv2\nv3-bad\nv2\nv1\nv2\nv1');
    const rollbacks = auditRows().filter((a) => a.action === 'host.rollback' || a.action === 'host.switch');
    expect(rollbacks.map((a) => [a.action, a.outcome, a.details.profile, a.details.reason])).toEqual([
      ['host.rollback', 'ok', PROFILE, 'ioc v2 misbehaves'],
      ['host.rollback', 'ok', PROFILE, null],
      ['host.switch', 'ok', PROFILE, null],
    ]);
    const missing = site.cli(['rollback', 'host1', '--profile', PROFILE, '--to', '9']);
    expect([missing.status, missing.stderr]).toEqual([
      1,
      expect.stringMatching(/has no generation 9 \(it has 1, 2, 3\); nothing was changed/),
    ]);
    expect(site.cli(['rollback', 'host1', '--profile', 'relative/ioc']).status).toBe(2);
  }, 600_000);
});
