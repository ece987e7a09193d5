// Last known good, incident rollback and a site memory for a Nix profile on a
// host that is not NixOS (issue 12), through the real CLI, on a real nix-only
// fleet host reached as its unprivileged user: a confirmed profile deploy is
// that profile's last known good, rooted on the host beside the system's roots
// and kept in the host's own records; `incident rollback` of a host with no
// NixOS system takes its only profile back to it, running that generation's
// ACTIVATE; a fresh station (the same stick, a new data folder) reads the
// records back and its incident rollback lands on what the first confirmed.
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import { NIX_ONLY_PROFILES, NIX_ONLY_USER } from '../../fleet/nix-only-host';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import type { IncidentRun } from '../../src/main/core/incident/run-incident';
import type { GenerationClean } from '../../src/main/core/operations/clean-generations';
import type { HostChangeRecord } from '../../src/main/core/remote/host-history';
import { hostAddArgs, useFleetSite } from '../helpers/fleet-site';
import { buildStorePath } from '../helpers/real-nix';
import { airlock, type CliResult } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const { site, host, fleetDir } = useFleetSite('profile-lkg', 1, { nixOnly: true });
const PROFILE = `${NIX_ONLY_PROFILES}/ioc`;
const ROOTS = `/nix/var/nix/gcroots/airlock/profiles${PROFILE}`;

/** A stand-in IOC: bin/activate notes its version in the user's home and exits with `exit`. */
function iocPackage(version: string, exit = 0): string {
  const script = [
    '/bin/mkdir -p $out/bin',
    `/bin/cat > $out/bin/activate <<'EOF'\n#!/bin/sh\necho ${version} >> "$HOME/activations"\nexit ${exit}\nEOF`,
    '/bin/chmod 755 $out/bin/activate',
  ].join('\n');
  return buildStorePath(`profile-lkg-ioc-${version}`, script);
}

/** Seals bundle `sequence` carrying only host1's profile set to `target`, imports it, and deploys it (confirmed unless `exit` says otherwise). */
function deployProfile(sequence: number, target: string, exit = 0): void {
  const key = join(dirname(site.dataDir), 'build.sec');
  const out = join(site.stick, `fleet-${sequence}.airlock`);
  const base = ['--out', out, '--site', 'fleet', '--sequence', String(sequence), '--sign', key, '--base', site.cacheRoot];
  for (const args of [
    ['bundle', 'create', ...base, '--profile', `host1:${PROFILE}=${target}:bin/activate`],
    ['cache', 'import', out],
    ['deploy', 'host1'],
  ]) {
    const r = site.cli(args);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(args[0] === 'deploy' ? exit : 0);
  }
}

const onHost = async (argv: readonly string[]): Promise<string> =>
  (await runOnHost(host('host1'), argv, { user: NIX_ONLY_USER.name })).stdout.trim();
const activations = (): Promise<string> => onHost(['sh', '-c', 'cat "$HOME/activations" 2>/dev/null || true']);
const profileTarget = (): Promise<string> => onHost(['sh', '-c', 'cd "${1%/*}" && readlink "$(readlink "$1")"', 'x', PROFILE]);
const roots = async (): Promise<string[]> =>
  (await onHost(['sh', '-c', 'for f in "$1"/lkg-*; do [ -L "$f" ] && echo "${f##*/} $(readlink "$f")"; done; true', 'x', ROOTS]))
    .split('\n')
    .filter(Boolean);
async function hostRecords(): Promise<HostChangeRecord[]> {
  const text = await onHost(['sh', '-c', 'cat /nix/var/nix/gcroots/airlock/history/*.json 2>/dev/null; true']);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HostChangeRecord);
}
const audit = (cli: (args: readonly string[]) => CliResult): AuditRow[] => JSON.parse(cli(['audit', '--json']).text) as AuditRow[];

const stationB = join(tempDir('airlock-profile-station-b-'), 'data');
const cliB = (args: readonly string[]): CliResult => airlock([...args, '--data-dir', stationB, '--cache', site.cacheRoot]);

describe('last known good and incident rollback of a profile on a nix-only host', () => {
  const v1 = iocPackage('v1');
  const v2 = iocPackage('v2');
  const v3 = iocPackage('v3');

  it('a confirmed profile deploy is known good: rooted on the host beside the system roots, and in the host record', async () => {
    deployProfile(1, v1);
    deployProfile(2, v2);
    expect(await profileTarget()).toBe(v2);
    expect(await roots()).toEqual([`lkg-1 ${v1}`, `lkg-2 ${v2}`]);
    // Nix itself counts the root: v1 stays even though no profile generation of it is current.
    expect(await onHost(['nix-store', '--query', '--roots', v1])).toContain(`${ROOTS}/lkg-1`);
    const lkg = audit(site.cli).filter((a) => a.action === 'host.lkg-roots');
    const details = (a: AuditRow): { profile?: string; rooted: { generation: number }[] } =>
      a.details as { profile?: string; rooted: { generation: number }[] };
    expect(lkg.map((a) => [a.outcome, details(a).profile, details(a).rooted.map((r) => r.generation)])).toEqual([
      ['ok', PROFILE, [1]],
      ['ok', PROFILE, [2, 1]],
    ]);
    const records = await hostRecords();
    expect(records).toMatchObject([
      { format: 2, profile: PROFILE, kind: 'deploy', bundle: 'fleet-1', to: { generation: 1, toplevel: v1 }, confirmed: true },
      { format: 2, profile: PROFILE, kind: 'deploy', bundle: 'fleet-2', to: { generation: 2, toplevel: v2 }, confirmed: true },
    ]);
  }, 600_000);

  it("A's data folder is not needed: station B adds the host, reads the profile's records back, and its incident takes the profile to what A confirmed", async () => {
    const work = dirname(site.dataDir);
    const okB = (args: readonly string[]): string => {
      const r = cliB(args);
      expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
      return r.text;
    };
    okB(['site', 'init', '--name', 'fleet', '--trust', join(work, 'build.sec.pub')]);
    okB(hostAddArgs(host('host1'), fleetDir));
    const imports = audit(cliB).filter((a) => a.action === 'host.history-import');
    expect(imports.map((a) => a.details)).toMatchObject([
      {
        imported: [
          { kind: 'deploy', profile: PROFILE, generation: 1, toplevel: v1, confirmed: true },
          { kind: 'deploy', profile: PROFILE, generation: 2, toplevel: v2, confirmed: true },
        ],
      },
    ]);
    // No --profile: the host has no NixOS system and one profile, so the incident acts on it.
    const r = cliB(['incident', 'rollback', 'host1', '--reason', 'ioc v2 drops PVs', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const run = JSON.parse(r.text) as IncidentRun;
    expect(run.plans).toMatchObject([
      { host: 'host1', profile: PROFILE, current: { generation: 2 }, target: { generation: 1, toplevel: v1 } },
    ]);
    expect(run.incident.hosts).toMatchObject([
      {
        host: 'host1',
        profile: PROFILE,
        status: 'rolled-back',
        before: { generation: 2, toplevel: v2 },
        target: { generation: 1, toplevel: v1 },
        after: { generation: 1, toplevel: v1 },
      },
    ]);
    expect(await profileTarget()).toBe(v1);
    expect(await activations()).toBe('v1\nv2\nv1');
    const rollback = audit(cliB).find((a) => a.action === 'host.rollback');
    expect(rollback).toMatchObject({
      outcome: 'ok',
      details: { profile: PROFILE, reason: `incident ${run.incident.id}: ioc v2 drops PVs` },
    });
    expect(okB(['incident', 'report', String(run.incident.id)])).toContain(`- Profile: \`${PROFILE}\``);
  }, 600_000);

  it("station A deploys v3, and its own incident takes the profile back to v2 (A's known good before v3), running v2's ACTIVATE; the plan names the profile", async () => {
    deployProfile(3, v3);
    expect(await profileTarget()).toBe(v3);
    const r = site.cli(['incident', 'rollback', 'host1', '--reason', 'ioc v3 crashes']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.text).toContain(`host1 profile ${PROFILE}`);
    expect(await profileTarget()).toBe(v2);
    expect((await activations()).split('\n').slice(-2)).toEqual(['v3', 'v2']);
    // The host already is on its last known good profile generation: a second incident changes nothing.
    const again = site.cli(['incident', 'rollback', 'host1', '--reason', 'still unsure', '--json']);
    expect([again.status, again.stderr]).toEqual([0, '']);
    expect((JSON.parse(again.text) as IncidentRun).incident.hosts).toMatchObject([{ profile: PROFILE, status: 'unchanged' }]);
    expect(await activations()).not.toMatch(/v2\nv2$/);
  }, 600_000);

  it('cleaning removes old profile generations by the same policy, never the current one or a known good one; GC keeps the known good paths', async () => {
    const bad = iocPackage('v4-bad', 3);
    const v5 = iocPackage('v5');
    deployProfile(4, bad, 1); // generation 4, rolled back automatically: never known good
    deployProfile(5, v5); // generation 5, confirmed
    // Known good, newest first: 5, 2 (the incident's rollback), 3; generation 1 is the fourth and no longer kept.
    const preview = JSON.parse(site.cli(['generations', 'clean', 'host1', '--keep', '1', '--json']).text) as GenerationClean;
    expect(preview.profiles).toMatchObject([{ profile: PROFILE, plan: { deleted: [{ generation: 4 }, { generation: 1 }] } }]);
    expect(preview.profiles[0]?.plan.kept).toEqual([
      { generation: 5, why: ['newest', 'current', 'last-known-good'] },
      { generation: 3, why: ['last-known-good'] },
      { generation: 2, why: ['last-known-good'] },
    ]);
    expect(site.cli(['generations', 'clean', 'host1', '--keep', '1']).text).toMatch(
      new RegExp(`would delete generation\\(s\\) 4, 1 of host1 profile ${PROFILE}[\\s\\S]*run again with --yes`),
    );
    const listed = (): number[] =>
      (JSON.parse(site.cli(['generations', 'host1', '--json']).text) as { generation: number }[]).map((g) => g.generation);
    expect(listed()).toEqual([5, 4, 3, 2, 1]);

    const done = site.cli(['generations', 'clean', 'host1', '--keep', '1', '--yes', '--json']);
    expect([done.status, done.stderr]).toEqual([0, '']);
    expect(listed()).toEqual([5, 3, 2]);
    expect(await profileTarget()).toBe(v5);
    expect(audit(site.cli).filter((a) => a.action === 'host.generations-clean')).toMatchObject([
      { subject: 'host1', outcome: 'ok', details: { keep: 1, deleted: [], profiles: [{ profile: PROFILE, deleted: [4, 1] }] } },
    ]);
    expect(await roots()).toEqual([`lkg-2 ${v2}`, `lkg-3 ${v3}`, `lkg-5 ${v5}`]);
    await onHost(['nix-store', '--gc']);
    const valid = async (path: string): Promise<boolean> =>
      (await onHost(['sh', '-c', 'nix-store --check-validity "$1" 2>/dev/null && echo yes || echo no', 'x', path])) === 'yes';
    expect([await valid(v5), await valid(v3), await valid(v2), await valid(v1), await valid(bad)]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  }, 900_000);
});
