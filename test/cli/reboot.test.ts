// `airlock reboot` through the real CLI against a real fleet of two hosts:
// host1 runs a new kernel's generation after a switch ("reboot needed"); the
// reboot makes it boot that generation with a new boot id (read over SSH
// apart from Airlock), probes it and writes an audit row. host2 is made to
// stay down after its reboot: reported with why, exit 1, audited as failed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost, type FleetHost } from '../../fleet/fleet';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import type { HostProbe } from '../../src/main/core/remote/probe-hosts';
import { readOnHost, useFleetSite } from '../helpers/fleet-site';

const { site, host } = useFleetSite('reboot', 2);

const bootIdOf = async (h: FleetHost): Promise<string> => (await runOnHost(h, ['cat', '/proc/sys/kernel/random/boot_id'])).stdout.trim();
const probe = (name: string): HostProbe => (JSON.parse(site.cli(['host', 'probe', name, '--json']).text) as HostProbe[])[0] as HostProbe;
interface AuditJson {
  readonly action: string;
  readonly subject: string;
  readonly outcome: string;
  readonly details: Record<string, unknown>;
}
const audit = (): AuditJson[] => JSON.parse(site.cli(['audit', '--json']).text) as AuditJson[];

describe('airlock reboot', () => {
  it('reboots host1 into the generation its profile names: a new boot id, booted = current, no reboot needed, an audit row', async () => {
    const tops = site.bundle(1, { host1: { version: '24.05.2' } });
    expect(site.cli(['deploy', 'host1', '--json', '--confirm-timeout', '15']).status).toBe(0);
    const h1 = host('host1');
    const before = probe('host1');
    expect(before).toMatchObject({ rebootNeeded: true, current: tops.host1, booted: h1.baseSystem });
    const bootId = await bootIdOf(h1);
    // The simulated host's boot id is its own, not the machine's.
    expect(bootId).not.toBe((await import('node:fs')).readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());

    const started = Date.now();
    const r = site.cli(['reboot', 'host1', '--wait', '60', '--reason', 'test: run the new kernel', '--json']);
    expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
    const [outcome] = JSON.parse(r.text) as HostOutcome[];
    expect(outcome).toMatchObject({
      host: 'host1',
      outcome: 'succeeded',
      from: { generation: 2 },
      to: { generation: 2, toplevel: tops.host1 },
      rebootNeeded: false,
    });
    expect(outcome?.reason).toMatch(/^back after [\d.]+ s with a new boot id; it runs generation 2$/);
    console.log(`reboot of host1 took ${Date.now() - started} ms end to end`);

    const after = await bootIdOf(h1);
    expect(after).toMatch(/^[0-9a-f-]{36}$/);
    expect(after).not.toBe(bootId);
    expect((await runOnHost(h1, ['readlink', '/run/booted-system'])).stdout.trim()).toBe(tops.host1);
    expect(await readOnHost(h1, '/run/activation.log')).toContain(`reboot ${tops.host1}`);
    expect(probe('host1')).toMatchObject({ rebootNeeded: false, current: tops.host1, booted: tops.host1 });

    const row = audit()
      .filter((a) => a.action === 'host.reboot' && a.subject === 'host1')
      .at(-1);
    expect(row).toMatchObject({
      outcome: 'ok',
      details: {
        reason: 'test: run the new kernel',
        bootIdBefore: bootId,
        bootIdAfter: after,
        outcome: 'succeeded',
        rebootStillNeeded: false,
        to: { generation: 2 },
      },
    });
  });

  it('a host that does not come back within --wait is reported with why, exit 1, audited as failed', async () => {
    const h2 = host('host2');
    const bootId = await bootIdOf(h2);
    writeFileSync(join(h2.dir, 'run', 'airlock-reboot-stays-down'), '');
    const r = site.cli(['reboot', 'host2', '--wait', '4']);
    expect(r.status).toBe(1);
    expect(r.text).toMatch(/host2\s+failed/);
    expect(r.stderr).toMatch(/host2 failed: host2 did not come back within 4 s \(last: .*unreachable/);
    const row = audit()
      .filter((a) => a.action === 'host.reboot' && a.subject === 'host2')
      .at(-1);
    expect(row).toMatchObject({
      outcome: 'failed',
      details: { bootIdBefore: bootId, outcome: 'failed', why: expect.stringContaining('did not come back within 4 s') },
    });
    expect(probe('host2').reachable).toBe(false);
  });

  it('refuses an unknown host and a bad --wait before touching any host', () => {
    const unknown = site.cli(['reboot', 'host1', 'nosuch']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/nosuch/);
    const bad = site.cli(['reboot', 'host1', '--wait', 'soon']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--wait must be a whole number of seconds/);
  });
});
