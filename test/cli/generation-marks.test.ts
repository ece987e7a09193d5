// Adopted and bad generations through the real CLI against a real fleet of 2
// hosts (real sshd, real Nix stores): `host add` adopts the generation a host
// runs as known good, so an incident on a host Airlock deployed to once goes
// back to it; `generation mark-bad` takes a generation out of last known good
// (the incident skips it, cleaning no longer keeps it), audited.
import { describe, expect, it } from 'vitest';
import type { IncidentRun } from '../../src/main/core/incident/run-incident';
import type { IncidentHostResult } from '../../src/main/core/db/incident-types';
import type { GenerationClean } from '../../src/main/core/operations/clean-generations';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import { currentSystemOf, useFleetSite } from '../helpers/fleet-site';

const { site, host } = useFleetSite('generation-marks', 2);

const ok = (args: readonly string[]): string => {
  const r = site.cli(args);
  expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
  return r.text;
};
const deploy = (args: readonly string[]) => site.cli(['deploy', ...args, '--confirm-timeout', '15', '--json']);
const incident = (args: readonly string[]) => {
  const r = site.cli(['incident', 'rollback', ...args, '--confirm-timeout', '15', '--json']);
  return { ...r, run: JSON.parse(r.text || 'null') as IncidentRun };
};
const byHost = (run: IncidentRun, name: string): IncidentHostResult =>
  run.incident.hosts.find((h) => h.host === name) as IncidentHostResult;
const audit = (): AuditRow[] => JSON.parse(ok(['audit', '--json'])) as AuditRow[];

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
});
