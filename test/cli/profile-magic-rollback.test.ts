// Magic rollback for a Nix profile on a host that is not NixOS (issue 12),
// through the real CLI, on a real nix-only fleet host reached as its
// unprivileged user. After ACTIVATE the host's own watchdog (POSIX sh, no
// systemd) waits for the laptop's confirmation over a NEW SSH connection:
// a good deploy is confirmed; an ACTIVATE that locks the operator out (it
// empties the authorized keys file, which the earlier generation's ACTIVATE
// fills again) gets no confirmation, so the host rolls itself back and is
// reachable again. The site's health checks run before the confirmation: a
// failing one rolls the profile back, named with its output. Asserted is what
// an operator checks: the exit status and words of the deploy, the profile's
// target on the host, what each ACTIVATE left behind, the records' confirmed
// flag and that new logins work.
import { chownSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import { NIX_ONLY_PROFILES, NIX_ONLY_USER } from '../../fleet/nix-only-host';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import type { ProfileGenerationView } from '../../src/main/core/usecases/profiles';
import { useFleetSite } from '../helpers/fleet-site';
import { buildStorePath } from '../helpers/real-nix';

const { site, host } = useFleetSite('profile-magic', 1, { nixOnly: true });
const PROFILE = `${NIX_ONLY_PROFILES}/ioc`;
/** sshd's AuthorizedKeysFile on every fleet host (fleet/sshd-config.ts), for every user. */
const KEYS = '/run/authorized_keys';

/**
 * A stand-in IOC whose bin/activate notes its version in the user's home and
 * runs `extra`; every IOC's ACTIVATE first puts back keys a cut-off one saved.
 */
function iocPackage(version: string, extra = ''): string {
  const activate = [
    '#!/bin/sh',
    `echo ${version} >> "$HOME/activations"`,
    `if [ -f "$HOME/keys.saved" ]; then cat "$HOME/keys.saved" > ${KEYS} && rm "$HOME/keys.saved"; fi`,
    extra,
    'exit 0',
  ].join('\n');
  const script = [
    '/bin/mkdir -p $out/bin',
    `/bin/cat > $out/bin/activate <<'EOF'\n${activate}\nEOF`,
    '/bin/chmod 755 $out/bin/activate',
  ].join('\n');
  return buildStorePath(`profile-magic-ioc-${version}`, script);
}

/** Seals bundle `sequence` carrying only host1's profile set to `target`, and imports it. */
function profileBundle(sequence: number, target: string): void {
  const key = join(dirname(site.dataDir), 'build.sec');
  const out = join(site.stick, `fleet-${sequence}.airlock`);
  const create = ['bundle', 'create', '--out', out, '--site', 'fleet', '--sequence', String(sequence), '--sign', key];
  for (const args of [
    [...create, '--base', site.cacheRoot, '--profile', `host1:${PROFILE}=${target}:bin/activate`],
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
const generations = (): ProfileGenerationView[] => {
  const r = site.cli(['generations', 'host1', '--profile', PROFILE, '--json']);
  expect([r.status, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.text) as ProfileGenerationView[];
};

describe('magic rollback of a profile on a nix-only host', () => {
  const v1 = iocPackage('v1');
  const v3 = iocPackage('v3');
  // Starts, but the site's health check finds it not serving.
  const sick = iocPackage('v4-sick');
  // Locks every SSH login out: the laptop cannot come back to confirm.
  const cutoff = iocPackage('v2-cutoff', `cp ${KEYS} "$HOME/keys.saved" && : > ${KEYS}`);

  it('a good deploy is confirmed by the laptop over a new connection, and recorded confirmed', () => {
    // The unprivileged user may rewrite the keys file (its ACTIVATE does, to cut the operator off).
    chownSync(join(host('host1').dir, 'run', 'authorized_keys'), NIX_ONLY_USER.uid, NIX_ONLY_USER.gid);
    profileBundle(1, v1);
    const r = site.cli(['deploy', 'host1', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.text) as HostOutcome[]).map((o) => [o.outcome, o.to.generation, o.to.toplevel])).toEqual([['succeeded', 1, v1]]);
    expect(generations().map((g) => [g.generation, g.current, g.deployedBy?.confirmed])).toEqual([[1, true, true]]);
  }, 600_000);

  it('an ACTIVATE that cuts the operator off is rolled back by the host itself: deploy exits 1 and says why', async () => {
    profileBundle(2, cutoff);
    const r = site.cli(['deploy', 'host1', '--confirm-timeout', '10']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /host1 rolled back: .*no confirmation within 10s: the host could not be reached again over a new SSH connection to confirm; rolled back automatically to generation 1/,
    );
    // New logins work again (the earlier ACTIVATE put the keys back), and the profile is v1 again.
    expect(await profileTarget()).toBe(v1);
    expect(await activations()).toBe('v1\nv2-cutoff\nv1');
    expect(generations().map((g) => [g.generation, g.current, g.deployedBy?.confirmed])).toEqual([
      [2, false, false],
      [1, true, true],
    ]);
    const audit = JSON.parse(site.cli(['audit', '--json']).text) as { action: string; outcome: string; details: Record<string, unknown> }[];
    expect(audit.filter((a) => a.action === 'host.deploy').map((a) => [a.outcome, a.details.bundle])).toEqual([
      ['ok', 'fleet-1'],
      [expect.not.stringMatching(/^ok$/), 'fleet-2'],
    ]);
  }, 600_000);

  it('a failing health check of the site rolls the profile back on the host before it is confirmed, named with its output', async () => {
    const check = 'tail -n 1 "$HOME/activations" | grep -v sick || { echo "the ioc is not serving"; exit 1; }';
    const add = site.cli(['check', 'add', '--host', 'host1', '--command', check]);
    expect([add.status, add.stderr]).toEqual([0, '']);
    // A healthy IOC passes the check and is confirmed, the check's result kept with the deploy.
    profileBundle(3, v3);
    const good = site.cli(['deploy', 'host1', '--json']);
    expect([good.status, good.stderr]).toEqual([0, '']);
    expect((JSON.parse(good.text) as HostOutcome[]).map((o) => [o.outcome, o.to.generation, o.health.map((h) => [h.check, h.ok])])).toEqual(
      [['succeeded', 3, [[check, true]]]],
    );
    profileBundle(4, sick);
    const r = site.cli(['deploy', 'host1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `host1 rolled back: ${PROFILE}: health check \`${check}\` failed (exit 1: the ioc is not serving); rolled back automatically to generation 3`,
    );
    expect(await profileTarget()).toBe(v3);
    expect(await activations()).toBe('v1\nv2-cutoff\nv1\nv3\nv4-sick\nv3');
    expect(generations().map((g) => [g.generation, g.current, g.deployedBy?.confirmed])).toEqual([
      [4, false, false],
      [3, true, true],
      [2, false, false],
      [1, false, true],
    ]);
  }, 600_000);
});
