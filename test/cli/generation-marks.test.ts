// Adopted and bad generations through the real CLI against a real fleet of 2
// hosts (real sshd, real Nix stores): `host add` adopts the generation a host
// runs as known good, so an incident on a host Airlock deployed to once goes
// back to it; `generation mark-bad` takes a generation out of last known good
// (the incident skips it, cleaning no longer keeps it), audited.
import { describe, expect, it } from 'vitest';
import type { GenerationClean } from '../../src/main/core/operations/clean-generations';
import { incidentCli } from '../helpers/incident-cli';
import { currentSystemOf, useFleetSite } from '../helpers/fleet-site';

const { site, host } = useFleetSite('generation-marks', 2);

const { ok, deploy, incident, byHost, audit } = incidentCli(site);

describe('adopted and bad generations', () => {
  const base: Record<string, string> = {};

  it('host add adopts the generation each host runs, probed healthy, as known good (audited)', async () => {
    for (const name of ['host1', 'host2']) base[name] = await currentSystemOf(host(name));
    const adopted = audit().filter((a) => a.action === 'generation.adopt');
    expect(adopted.map((a) => [a.subject, a.outcome, (a.details as { generation?: number }).generation])).toEqual([
      ['host1', 'ok', 1],
      ['host2', 'ok', 1],
    ]);
    expect(adopted.map((a) => (a.details as { toplevel?: string }).toplevel)).toEqual([base.host1, base.host2]);
  }, 120_000);

  it('an incident on a host deployed to once goes back to its adopted generation', async () => {
    const b1 = site.bundle(1, { host1: { version: '24.05.2' }, host2: { version: '24.05.2' } });
    expect(deploy(['--all']).status).toBe(0);
    expect(await currentSystemOf(host('host2'))).toBe(b1.host2);
    const r = incident(['host2', '--reason', 'bundle 1 broke the line']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const h2 = byHost(r.run, 'host2');
    expect(h2.status).toBe('rolled-back');
    expect(h2.target).toMatchObject({ generation: 1, toplevel: base.host2, source: 'adopted', deploymentId: null });
    expect(h2.after?.generation).toBe(1);
    expect(await currentSystemOf(host('host2'))).toBe(base.host2);
    expect(ok(['incident', 'report', '1'])).toContain('adopted');
  }, 600_000);

  it('generation mark-bad: the incident skips the generation marked bad, and cleaning no longer keeps it', async () => {
    const b2 = site.bundle(2, { host1: { version: '24.05.3' } });
    expect(deploy(['host1']).status).toBe(0); // generation 3
    const b3 = site.bundle(3, { host1: { version: '24.05.4' } });
    expect(deploy(['host1']).status).toBe(0); // generation 4
    expect(await currentSystemOf(host('host1'))).toBe(b3.host1);

    // Before the mark, generation 3 is known good and cleaning keeps it for that reason.
    const before = JSON.parse(ok(['generations', 'clean', 'host1', '--keep', '1', '--json'])) as GenerationClean;
    expect(before.plan.kept.map((k) => k.generation)).toContain(3);

    expect(site.cli(['generation', 'mark-bad', 'host1', 'x']).status).toBe(2);
    const missing = site.cli(['generation', 'mark-bad', 'host1', '99']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no generation 99');
    const marked = ok(['generation', 'mark-bad', 'host1', '3', '--reason', 'valve timeouts']);
    expect(marked).toContain(`marked generation 3 of host1 (${b2.host1}) bad`);
    const row = audit().find((a) => a.action === 'generation.mark-bad' && a.outcome === 'ok');
    expect(row).toMatchObject({ subject: 'host1', details: { generation: 3, toplevel: b2.host1, reason: 'valve timeouts' } });
    expect(site.cli(['generation', 'mark-bad', 'host1', '3']).status).toBe(1);

    const after = JSON.parse(ok(['generations', 'clean', 'host1', '--keep', '1', '--json'])) as GenerationClean;
    expect(after.plan.deleted.map((g) => g.generation)).toContain(3);

    const r = incident(['host1', '--reason', 'bundle 3 broke the line']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const h1 = byHost(r.run, 'host1');
    expect(h1.status).toBe('rolled-back');
    expect(h1.target).toMatchObject({ generation: 2, source: 'confirmed' });
    expect(await currentSystemOf(host('host1'))).not.toBe(b2.host1);

    ok(['generation', 'unmark-bad', 'host1', '3']);
    expect(audit().some((a) => a.action === 'generation.unmark-bad' && a.outcome === 'ok')).toBe(true);
    expect(site.cli(['generation', 'unmark-bad', 'host1', '3']).status).toBe(1);
  }, 900_000);

  it('a host with no generation known good is left out with its generations to pick from; --pick takes it to the picked one, recorded as picked', async () => {
    // host2 runs its adopted generation 1 again (the incident above); with 1 marked bad, nothing on record is known good.
    ok(['generation', 'mark-bad', 'host2', '1', '--reason', 'adopted before the audit']);
    const left = site.cli(['incident', 'rollback', 'host2', '--reason', 'line down', '--confirm-timeout', '15']);
    expect(left.status).toBe(1);
    expect(left.text).toMatch(/host2 has no generation confirmed healthy .*left out unless you pick its target/);
    expect(left.text).toMatch(/^host2: pick a target with --pick host2=GENERATION; its generations: 2 \S+, 1 \(runs now\)/m);

    expect(site.cli(['incident', 'rollback', 'host2', '--reason', 'x', '--pick', 'host2']).status).toBe(2);
    const foreign = site.cli(['incident', 'rollback', 'host2', '--reason', 'x', '--pick', 'host1=1']);
    expect([foreign.status, foreign.stderr]).toEqual([
      1,
      'airlock: a target was picked for host1, which is not among the chosen hosts (hosts host2)\n',
    ]);
    const absent = incident(['host2', '--reason', 'line down', '--pick', 'host2=9']);
    expect(absent.status).toBe(1);
    expect(byHost(absent.run, 'host2').reason).toMatch(/the picked generation 9 is not on the host \(it has 2, 1\)/);

    const bundled = JSON.parse(ok(['generations', 'host2', '--json'])) as { generation: number; toplevel: string }[];
    const two = bundled.find((g) => g.generation === 2)?.toplevel;
    const r = incident(['host2', '--reason', 'line down', '--pick', 'host2=2']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const h2 = byHost(r.run, 'host2');
    expect(h2.status).toBe('rolled-back');
    expect(h2.target).toMatchObject({ generation: 2, toplevel: two, source: 'picked', deploymentId: null });
    expect(await currentSystemOf(host('host2'))).toBe(two);
    expect(ok(['incident', 'report', String(r.run.incident.id)])).toContain('picked by the operator');
  }, 600_000);
});
