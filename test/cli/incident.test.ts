// `airlock incident rollback`, `incident report|ls` and `generations clean`
// through the real CLI against a real fleet of 3 hosts (real sshd, real Nix
// stores): hosts go back to the generation confirmed healthy before the
// latest change (not number − 1), an unreachable host and one whose target
// was deleted by hand are left out while the others go on, a failing canary
// stops the rest, the report agrees with the audit log, and cleaning keeps
// booted, current and known good generations (whose closures survive GC).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebootHost, runOnHost } from '../../fleet/fleet';
import { stopHostProcesses } from '../../fleet/host-process';
import type { GenerationClean } from '../../src/main/core/operations/clean-generations';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import { incidentCli } from '../helpers/incident-cli';
import { currentSystemOf, readOnHost, useFleetSite } from '../helpers/fleet-site';

const { site, host, fleetDir } = useFleetSite('incident');
const ALL = ['host1', 'host2', 'host3'];

const { ok, deploy, incident, byHost, audit } = incidentCli(site);
const generationNumbers = (name: string): number[] =>
  (JSON.parse(ok(['generations', name, '--json'])) as { generation: number }[]).map((g) => g.generation);
const valid = async (name: string, path: string): Promise<boolean> =>
  (await runOnHost(host(name), ['nix-store', '--check-validity', path], { check: false })).code === 0;
const rootOf = async (name: string, generation: number): Promise<string> =>
  (await runOnHost(host(name), ['sh', '-c', 'readlink "$1" || true', 'r', `/nix/var/nix/gcroots/airlock/lkg-${generation}`])).stdout.trim();

describe('airlock incident', () => {
  let b1: Record<string, string>;
  let b2: Record<string, string>;
  let b4: Record<string, string>;

  it('after deploy, deploy, incident rollback: each host runs the generation confirmed healthy before the latest change, not number − 1', async () => {
    b1 = site.bundle(1, { host1: { version: '24.05.2' }, host2: { version: '24.05.2' }, host3: { version: '24.05.2' } });
    expect(deploy(['--all']).status).toBe(0);
    // Generation 3: host1 never confirmed (magic rollback off), host2 failed and was rolled back, host3 confirmed.
    b2 = site.bundle(2, {
      host1: { version: '24.05.3' },
      host2: { version: '24.05.3', variant: 'fail-unit' },
      host3: { version: '24.05.3' },
    });
    expect(site.cli(['deploy', 'host1', '--no-magic-rollback', '--json']).status).toBe(0);
    expect(deploy(['host2']).status).toBe(1);
    expect(deploy(['host3']).status).toBe(0);
    const b3 = site.bundle(3, { host1: { version: '24.05.4' }, host2: { version: '24.05.4' }, host3: { version: '24.05.4' } });
    expect(deploy(['--all']).status).toBe(0);
    expect(await rootOf('host1', 2)).toBe(b1.host1);
    expect(await rootOf('host1', 4)).toBe(b3.host1);
    expect(await rootOf('host1', 3)).toBe('');

    const r = incident(['--latest-deployment', '--reason', 'PLC timeouts since bundle 3 | see ticket #42']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const expected = { host1: [4, 2, b1.host1], host2: [4, 2, b1.host2], host3: [4, 3, b2.host3] } as const;
    for (const [name, [before, target, toplevel]] of Object.entries(expected)) {
      expect(byHost(r.run, name)).toMatchObject({
        status: 'rolled-back',
        before: { generation: before },
        target: { generation: target, toplevel },
        after: { generation: target, toplevel },
        rebootNeeded: true,
      });
      expect(await currentSystemOf(host(name))).toBe(toplevel);
    }
    expect(r.run.incident).toMatchObject({
      id: 1,
      outcome: 'succeeded',
      selection: 'latest deployment fleet-3',
      reason: 'PLC timeouts since bundle 3 | see ticket #42',
    });
    expect(r.run.plans.find((p) => p.host === 'host1')?.diff?.changed.map((c) => c.name)).toContain('linux');

    // The report lists every host, before and after, and the reason; its timeline is the audit log's rows.
    expect(r.run.reportFile).toBe(join(site.dataDir, 'incidents', 'incident-1.md'));
    const report = readFileSync(r.run.reportFile, 'utf8');
    expect(report).toContain('# Incident 1: PLC timeouts since bundle 3 \\| see ticket #42');
    for (const [name, [before, target]] of Object.entries(expected))
      expect(report).toMatch(
        new RegExp(`^\\| ${name} \\| rolled back \\| ${before} \\| ${target} \\(confirmed .*\\| ${target} \\| yes \\|`, 'm'),
      );
    const rows = audit().filter(
      (a) =>
        a.subject === 'incident-1' ||
        (a.action === 'host.rollback' && (a.details as { reason?: string }).reason?.startsWith('incident 1: ')),
    );
    expect(rows.map((a) => a.action).sort()).toEqual(['host.rollback', 'host.rollback', 'host.rollback', 'incident.end', 'incident.start']);
    for (const row of rows)
      expect(report).toContain(`| ${row.id} | ${row.time} | ${row.user} | ${row.action} | ${row.subject} | ${row.outcome} |`);
    // `audit --incident 1`: the rows of the report's timeline, from its start to its end, and no other work.
    const own = JSON.parse(ok(['audit', '--incident', '1', '--json'])) as AuditRow[];
    expect([own[0]?.action, own.at(-1)?.action]).toEqual(['incident.start', 'incident.end']);
    expect(own.filter((a) => a.action === 'host.rollback')).toHaveLength(3);
    for (const row of own)
      expect(report).toContain(`| ${row.id} | ${row.time} | ${row.user} | ${row.action} | ${row.subject} | ${row.outcome} |`);
    for (const row of rows.filter((a) => a.action === 'host.rollback')) {
      const d = row.details as { from: { generation: number }; to: { generation: number }; deployment: number };
      const [before, target] = expected[row.subject as keyof typeof expected];
      expect([d.from.generation, d.to.generation, row.outcome]).toEqual([before, target, 'ok']);
      expect(byHost(r.run, row.subject).deploymentId).toBe(d.deployment);
    }
    expect(site.cli(['incident', 'report', '1']).text).toBe(report);
    expect((JSON.parse(ok(['incident', 'ls', '--json'])) as { id: number }[]).map((i) => i.id)).toEqual([1]);
  }, 360_000);

  it('one host unreachable, one whose target was deleted by hand: both reported and left alone, the other rolls back; GC roots keep the known good closure', async () => {
    b4 = site.bundle(4, { host1: { version: '24.05.5' }, host2: { version: '24.05.5' }, host3: { version: '24.05.5' } });
    expect(deploy(['--all']).status).toBe(0);
    await runOnHost(host('host2'), ['nix-env', '-p', '/nix/var/nix/profiles/system', '--delete-generations', '2', '3']);
    const h3 = host('host3');
    await stopHostProcesses(h3.mountNamespace, [h3.sshdPid]);
    const log2 = await readOnHost(host('host2'), '/run/activation.log');

    const r = site.cli(['incident', 'rollback', ...ALL, '--reason', 'second outage', '--confirm-timeout', '15']);
    expect(r.status).toBe(1);
    expect(r.text).toMatch(/^incident 2: second outage \(hosts host1, host2, host3, at most 8 at once\)$/m);
    expect(r.text).toMatch(
      /^host2 .*host2: its last known good generation 2 \(\/nix\/store\/\S+\) was deleted from the host; left out, nothing was done to it$/m,
    );
    expect(r.text).toMatch(/^host3 .*host3 is unreachable: .*left out, nothing was done to it$/m);
    expect(r.text).toMatch(/^host1\s+rolled back\s+5\s+2\s/m);
    expect(r.text).toMatch(/^report: .*incident-2\.md$/m);
    expect(r.stderr).toMatch(/^airlock: 2 of 3 host\(s\) were not rolled back: host2 left out: .*deleted.*; host3 left out: .*unreachable/);
    expect(await currentSystemOf(host('host1'))).toBe(b1.host1);
    expect(await currentSystemOf(host('host2'))).toBe(b4.host2);
    expect(await readOnHost(host('host2'), '/run/activation.log')).toBe(log2);

    // Garbage collection on host2: the deleted known good system stays (the app's root), the failed one goes.
    await runOnHost(host('host2'), ['nix-store', '--gc']);
    expect(await valid('host2', b1.host2 as string)).toBe(true);
    expect(await valid('host2', b2.host2 as string)).toBe(false);
    await rebootHost(fleetDir, 'host3');
  });

  it('canary first with a failing canary health check: the canary is put back by its watchdog, the rest are not touched', async () => {
    const b5 = site.bundle(5, { host1: { version: '24.05.6' }, host3: { version: '24.05.6' } });
    expect(deploy(['host1', 'host3']).status).toBe(0);
    const check = JSON.parse(ok(['check', 'add', '--host', 'host1', '--command', 'false', '--timeout', '5', '--json'])) as { id: number };
    const log3 = await readOnHost(host('host3'), '/run/activation.log');
    const r = incident(['host1', 'host3', '--canary', '--reason', 'canary test']);
    expect(r.status).toBe(1);
    expect(byHost(r.run, 'host1')).toMatchObject({
      canary: true,
      status: 'failed',
      before: { generation: 6 },
      target: { generation: 2 },
      after: { generation: 6 },
    });
    expect(byHost(r.run, 'host1').reason).toMatch(/health check `false` failed \(exit 1\).*the host's watchdog put back generation 6/);
    expect(byHost(r.run, 'host3')).toMatchObject({
      canary: false,
      status: 'not-started',
      deploymentId: null,
      after: { generation: 6, toplevel: b5.host3 },
    });
    expect(byHost(r.run, 'host3').reason).toMatch(/not touched: the canary host1 did not get back/);
    expect(await currentSystemOf(host('host1'))).toBe(b5.host1);
    expect(await currentSystemOf(host('host3'))).toBe(b5.host3);
    expect(await readOnHost(host('host3'), '/run/activation.log')).toBe(log3);
    expect(readFileSync(r.run.reportFile, 'utf8')).toMatch(/FAILED `false`: exit 1/);
    ok(['check', 'rm', String(check.id)]);
  });

  it('cleaning keeps the newest N, current, booted and every known good generation; their closures survive GC', async () => {
    // host1: 1 booted (base), 2 known good (incidents), 3 never confirmed, 4 superseded, 5 and 6 known good, 6 current.
    expect(generationNumbers('host1')).toEqual([6, 5, 4, 3, 2, 1]);
    const preview = JSON.parse(ok(['generations', 'clean', 'host1', '--keep', '1', '--json'])) as GenerationClean;
    expect(preview).toMatchObject({ applied: false, plan: { deleted: [{ generation: 4 }, { generation: 3 }] } });
    expect(preview.plan.kept).toEqual([
      { generation: 6, why: ['newest', 'current', 'default', 'last-known-good'] },
      { generation: 5, why: ['last-known-good'] },
      { generation: 2, why: ['last-known-good'] },
      { generation: 1, why: ['booted'] },
    ]);
    expect(generationNumbers('host1')).toEqual([6, 5, 4, 3, 2, 1]);
    expect(site.cli(['generations', 'clean', 'host1', '--keep', '1']).text).toMatch(
      /would delete generation\(s\) 4, 3 of host1[\s\S]*run again with --yes/,
    );

    const done = JSON.parse(ok(['generations', 'clean', 'host1', '--keep', '1', '--yes', '--json'])) as GenerationClean;
    expect(done).toMatchObject({ applied: true, plan: { deleted: [{ generation: 4 }, { generation: 3 }] } });
    expect(generationNumbers('host1')).toEqual([6, 5, 2, 1]);
    expect(
      audit()
        .filter((a) => a.action === 'host.generations-clean')
        .at(-1),
    ).toMatchObject({ subject: 'host1', outcome: 'ok', details: { keep: 1, deleted: [4, 3] } });
    for (const g of [6, 5, 2]) expect(await rootOf('host1', g)).toMatch(/^\/nix\/store\//);
    await runOnHost(host('host1'), ['nix-store', '--gc']);
    expect(await valid('host1', b1.host1 as string)).toBe(true);
    expect(await valid('host1', b4.host1 as string)).toBe(true);
    expect(await valid('host1', b2.host1 as string)).toBe(false);
    expect(existsSync(join(site.dataDir, 'incidents', 'incident-3.md'))).toBe(true);
  });
});
