// A site memory that survives a lost laptop, through the real CLI against a
// real fleet host (real sshd, real Nix store): station A deploys twice, both
// confirmed; the host keeps its own record of each change beside the known
// good GC roots; A's data folder is deleted; station B (a fresh data folder
// trusting the same site key) adds the host, reads the records back, and its
// incident rollback lands on what A had confirmed healthy before its latest
// change.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import type { IncidentRun } from '../../src/main/core/incident/run-incident';
import type { HostChangeRecord } from '../../src/main/core/remote/host-history';
import { currentSystemOf, hostAddArgs, useFleetSite } from '../helpers/fleet-site';
import { airlock, type CliResult } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const { site, host, fleetDir } = useFleetSite('sitememory', 1);
const stationB = join(tempDir('airlock-station-b-'), 'data');
const cliB = (args: readonly string[]): CliResult => airlock([...args, '--data-dir', stationB]);
const okB = (args: readonly string[]): string => {
  const r = cliB(args);
  expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
  return r.text;
};

async function hostRecords(): Promise<HostChangeRecord[]> {
  const r = await runOnHost(host('host1'), ['sh', '-c', 'cat /nix/var/nix/gcroots/airlock/history/*.json']);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as HostChangeRecord);
}

describe('a site memory that survives a lost laptop', () => {
  it('station A deploys twice; the host keeps a record of each change, by station and operator, confirmed', async () => {
    const b1 = site.bundle(1, { host1: { version: '24.05.2' } });
    expect(site.cli(['deploy', 'host1', '--confirm-timeout', '15', '--json']).status).toBe(0);
    const b2 = site.bundle(2, { host1: { version: '24.05.3' } });
    expect(site.cli(['deploy', 'host1', '--confirm-timeout', '15', '--json']).status).toBe(0);
    expect(await currentSystemOf(host('host1'))).toBe(b2.host1);

    const stationA = readFileSync(join(site.dataDir, 'station-id'), 'utf8').trim();
    expect(stationA).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
    const records = await hostRecords();
    expect(records).toHaveLength(2);
    expect(records).toMatchObject([
      {
        station: stationA,
        kind: 'deploy',
        action: 'switch',
        bundle: 'fleet-1',
        to: { generation: 2, toplevel: b1.host1 },
        outcome: 'succeeded',
        confirmed: true,
      },
      {
        station: stationA,
        kind: 'deploy',
        bundle: 'fleet-2',
        from: { generation: 2, toplevel: b1.host1 },
        to: { generation: 3, toplevel: b2.host1 },
        outcome: 'succeeded',
        confirmed: true,
      },
    ]);
    for (const r of records) expect(r.operator).toBe(JSON.parse(site.cli(['audit', '--json']).text)[0].user);
    // The records sit beside the known good roots and root nothing themselves: the GC still runs.
    await runOnHost(host('host1'), ['nix-store', '--gc']);
    expect((await hostRecords()).length).toBe(2);
  });

  it("A's data folder is lost; station B adds the host, imports its history, and its incident rollback lands on what A confirmed healthy", async () => {
    const b1Top = (await hostRecords())[0]?.to.toplevel as string;
    const b2Top = (await hostRecords())[1]?.to.toplevel as string;
    const stationA = readFileSync(join(site.dataDir, 'station-id'), 'utf8').trim();
    const work = dirname(site.dataDir);
    rmSync(site.dataDir, { recursive: true, force: true });

    okB(['site', 'init', '--name', 'fleet', '--trust', join(work, 'build.sec.pub')]);
    const h = host('host1');
    okB(hostAddArgs(h, fleetDir));
    const imports = (JSON.parse(okB(['audit', '--json'])) as AuditRow[]).filter((a) => a.action === 'host.history-import');
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      subject: 'host1',
      outcome: 'ok',
      details: {
        source: 'imported from host',
        skipped: 0,
        unreadable: 0,
        imported: [
          { kind: 'deploy', generation: 2, toplevel: b1Top, outcome: 'succeeded', confirmed: true },
          { kind: 'deploy', generation: 3, toplevel: b2Top, outcome: 'succeeded', confirmed: true },
        ],
      },
    });

    // B's generations show who made each one: A's station and operator, confirmed, read back from the host.
    const operator = (imports[0] as AuditRow).user;
    const gens = JSON.parse(okB(['generations', 'host1', '--json'])) as { generation: number; deployedBy: unknown }[];
    expect(gens.map((g) => [g.generation, g.deployedBy])).toEqual([
      [3, { station: stationA, operator, bundle: 'fleet-2', at: expect.any(String), confirmed: true }],
      [2, { station: stationA, operator, bundle: 'fleet-1', at: expect.any(String), confirmed: true }],
      [1, null],
    ]);
    expect(okB(['generations', 'host1'])).toContain(`${operator}@${stationA} (confirmed)`);

    const r = cliB(['incident', 'rollback', 'host1', '--reason', 'the laptop was lost', '--confirm-timeout', '15', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const run = JSON.parse(r.text) as IncidentRun;
    expect(run.incident.hosts[0]).toMatchObject({
      host: 'host1',
      status: 'rolled-back',
      before: { generation: 3 },
      target: { generation: 2, toplevel: b1Top },
      after: { generation: 2, toplevel: b1Top },
    });
    expect(await currentSystemOf(host('host1'))).toBe(b1Top);

    // B's own change joins the host's memory under B's station id; adding the host again imports nothing twice.
    const stationB1 = readFileSync(join(stationB, 'station-id'), 'utf8').trim();
    const records = await hostRecords();
    expect(records).toHaveLength(3);
    expect(records[2]).toMatchObject({
      station: stationB1,
      kind: 'rollback',
      to: { generation: 2 },
      outcome: 'succeeded',
      confirmed: true,
    });
    okB(['host', 'rm', 'host1']);
    okB(hostAddArgs(h, fleetDir));
    const again = (JSON.parse(okB(['audit', '--json'])) as AuditRow[]).filter((a) => a.action === 'host.history-import');
    expect(again.at(-1)).toMatchObject({ details: { imported: [], skipped: 3 } });
  });
});
