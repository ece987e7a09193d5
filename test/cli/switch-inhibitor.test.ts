// NixOS switch inhibitors (nixpkgs 26.05) through the real CLI on a real fleet:
// a new system whose inhibitor (`dbus-implementation`) differs from the running
// system's is refused by switch-to-configuration as nixpkgs refuses it (the
// fleet's 'inhibit' variant). Airlock reports the host 'inhibited' with the
// change and what to do; the host still runs its system, its profile is back,
// nothing was activated again, and a later wave still starts (--max-failed 0).
// Then `deploy --action boot` and `reboot` make it run the new system.
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { currentSystemOf, profileGenerationOf, readOnHost, useFleetSite } from '../helpers/fleet-site';

const { site, host } = useFleetSite('switch-inhibitor', 2);

interface AuditJson {
  readonly action: string;
  readonly subject: string;
  readonly outcome: string;
  readonly details: Record<string, unknown>;
}
const audit = (): AuditJson[] => JSON.parse(site.cli(['audit', '--json']).text) as AuditJson[];
const outcomesOf = (text: string): HostOutcome[] => JSON.parse(text || '[]') as HostOutcome[];

describe('switch inhibitors', () => {
  let first: Record<string, string> = {};
  let second: Record<string, string> = {};

  it('an inhibitor that changed: reported inhibited with why and what to do, nothing changed on the host, the next wave still starts', async () => {
    first = site.bundle(1, {
      host1: { version: '24.05.2', variant: 'inhibit', inhibitors: { 'dbus-implementation': 'dbus' } },
      host2: { version: '24.05.2', variant: 'inhibit', inhibitors: { 'dbus-implementation': 'dbus' } },
    });
    const setUp = site.cli(['deploy', 'host1', 'host2', '--confirm-timeout', '20', '--json']);
    expect([setUp.status, setUp.stderr]).toEqual([0, '']);

    second = site.bundle(2, {
      host1: { version: '24.05.3', variant: 'inhibit', inhibitors: { 'dbus-implementation': 'broker' } },
      host2: { version: '24.05.3', variant: 'inhibit', inhibitors: { 'dbus-implementation': 'dbus' } },
    });
    const r = site.cli(['deploy', 'host1', 'host2', '--waves', '1,100%', '--max-failed', '0', '--confirm-timeout', '20', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/1 of 2 host\(s\) did not get there: host1 inhibited: NixOS refused to switch host1 live/);
    const { outcomes, notTouched } = JSON.parse(r.text) as { outcomes: HostOutcome[]; notTouched: string[] };
    expect(notTouched).toEqual([]);
    const h1 = outcomes.find((o) => o.host === 'host1');
    expect(h1).toMatchObject({ outcome: 'inhibited', from: { generation: 2, toplevel: first.host1 } });
    expect(h1?.reason).toContain('dbus-implementation : dbus -> broker');
    expect(h1?.reason).toContain('Nothing changed on host1');
    expect(h1?.reason).toContain('airlock deploy host1 --action boot, then airlock reboot host1');
    expect(h1?.activationLog).toContain("Pre-switch check 'switchInhibitors' failed");
    // host2's inhibitors did not change: it switched, in the second wave.
    expect(outcomes.find((o) => o.host === 'host2')).toMatchObject({ outcome: 'succeeded', to: { toplevel: second.host2 } });
    expect(await currentSystemOf(host('host2'))).toBe(second.host2);

    // host1 runs what it ran, its profile is back on generation 2, and nothing was activated after the refusal.
    const one = host('host1');
    expect(await currentSystemOf(one)).toBe(first.host1);
    expect(await profileGenerationOf(one)).toBe('system-2-link');
    const log = (await readOnHost(one, '/run/activation.log')).trim().split('\n');
    expect(log.at(-1)).toMatch(new RegExp(`switch ${second.host1} inhibit inhibited$`));

    const row = audit()
      .filter((a) => a.action === 'host.deploy' && a.subject === 'host1')
      .at(-1);
    expect(row).toMatchObject({
      outcome: 'refused',
      details: { outcome: 'inhibited', why: expect.stringContaining('dbus -> broker'), to: { toplevel: second.host1 } },
    });
  });

  it('deploy --action boot, then reboot: host1 runs the new system', async () => {
    const one = host('host1');
    const boot = site.cli(['deploy', 'host1', '--action', 'boot', '--confirm-timeout', '20', '--json']);
    expect([boot.status, boot.stderr]).toEqual([0, '']);
    expect(outcomesOf(boot.text)[0]).toMatchObject({ outcome: 'succeeded', to: { generation: 3, toplevel: second.host1 } });
    // boot changes the boot default, not the running system.
    expect(await currentSystemOf(one)).toBe(first.host1);
    expect(await profileGenerationOf(one)).toBe('system-3-link');
    expect((await readOnHost(one, '/run/airlock-boot-default')).trim()).toBe(second.host1);

    const r = site.cli(['reboot', 'host1', '--wait', '90', '--reason', 'test: apply the inhibited system', '--json']);
    expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
    expect(outcomesOf(r.text)[0]).toMatchObject({ outcome: 'succeeded', to: { generation: 3, toplevel: second.host1 } });
    expect(await currentSystemOf(one)).toBe(second.host1);
    expect((await runOnHost(one, ['readlink', '/run/booted-system'])).stdout.trim()).toBe(second.host1);
  });
});
