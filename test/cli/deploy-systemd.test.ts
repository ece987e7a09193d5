// Deploys through the real CLI to fleet hosts that boot a real systemd
// (fleet/systemd-host.ts), as NixOS hosts do: activation runs in a transient
// unit (systemd-run) whose PATH, as on NixOS, holds neither nix-env nor
// coreutils; `systemctl is-system-running` confirms the new system, a failed
// unit rolls it back, and an activation outlives every SSH session it had.
import { describe, expect, it } from 'vitest';
import type { FleetHost } from '../../fleet/fleet';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { currentSystemOf, profileGenerationOf, readOnHost, useFleetSite } from '../helpers/fleet-site';
import { runOnHost } from '../../fleet/fleet';

const { site, host } = useFleetSite('deploy-systemd', 3, { systemd: true });
const outcomesOf = (text: string): HostOutcome[] => JSON.parse(text || '[]') as HostOutcome[];

async function on(h: FleetHost, script: string): Promise<string> {
  return (await runOnHost(h, ['sh', '-c', script])).stdout.trim();
}

/** The id of the host's latest activation (its folder under /run/airlock). */
async function lastActivation(h: FleetHost): Promise<string> {
  return on(h, 'ls -t /run/airlock | head -n 1');
}

/** What the host's journal says of the activation's transient unit. */
async function unitJournal(h: FleetHost, id: string): Promise<string> {
  return on(h, `journalctl -u airlock-${id}.service --no-pager -o cat`);
}

describe('deploy to hosts with a real systemd', () => {
  it('activates in a transient unit whose PATH has no nix-env or coreutils, confirmed by systemctl is-system-running', async () => {
    const next = site.bundle(1, { host1: { version: '24.05.2' } });
    const h1 = host('host1');
    const r = site.cli(['deploy', 'host1', '--confirm-timeout', '20', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const [o] = outcomesOf(r.text);
    expect(o).toMatchObject({ outcome: 'succeeded', from: { generation: 1 }, to: { generation: 2, toplevel: next.host1 } });
    expect(o?.health).toEqual([{ check: 'systemctl is-system-running', ok: true, detail: 'running' }]);
    expect(await currentSystemOf(h1)).toBe(next.host1);
    expect(await profileGenerationOf(h1)).toBe('system-2-link');
    // The systemd-run path was the one taken, and the runner finished inside its unit.
    const id = await lastActivation(h1);
    expect(await readOnHost(h1, `/run/airlock/${id}/launcher`)).toBe(`systemd-run airlock-${id}.service\n`);
    expect(await readOnHost(h1, `/run/airlock/${id}/status`)).toBe('done\n');
    const journal = await unitJournal(h1, id);
    expect(journal).toContain(`Started airlock-${id}.service - Airlock activation ${id}.`);
    expect(journal).toContain(`airlock-${id}.service: Deactivated successfully.`);
    expect(await on(h1, 'systemctl is-system-running')).toBe('running');
  });

  it('a unit that fails after a clean switch leaves systemd degraded: the health check fails and the host rolls back', async () => {
    site.bundle(2, { host2: { version: '24.05.2', variant: 'degraded' } });
    const h2 = host('host2');
    const r = site.cli(['deploy', 'host2', '--confirm-timeout', '20', '--json']);
    expect(r.status).toBe(1);
    const [o] = outcomesOf(r.text);
    expect(o).toMatchObject({
      outcome: 'rolled-back',
      reason: expect.stringMatching(/health check `systemctl is-system-running` failed \(degraded\)/),
    });
    expect(o?.health).toEqual([{ check: 'systemctl is-system-running', ok: false, detail: 'degraded' }]);
    expect(await currentSystemOf(h2)).toBe(h2.baseSystem);
    expect(await profileGenerationOf(h2)).toBe('system-1-link');
    expect(await readOnHost(h2, `/run/airlock/${await lastActivation(h2)}/launcher`)).toMatch(/^systemd-run /);
    // The previous system's activation, run by the runner in its unit, left nothing failed.
    expect(await on(h2, 'systemctl is-system-running')).toBe('running');
  });

  it('a switch that exits non-zero over a failed unit is rolled back by the runner in its unit', async () => {
    site.bundle(3, { host2: { version: '24.05.3', variant: 'fail-unit' } });
    const h2 = host('host2');
    const r = site.cli(['deploy', 'host2', '--json']);
    expect(r.status).toBe(1);
    expect(outcomesOf(r.text)[0]).toMatchObject({
      outcome: 'rolled-back',
      reason: expect.stringMatching(/switch-to-configuration switch exited with status 4/),
    });
    const id = await lastActivation(h2);
    expect(await unitJournal(h2, id)).toContain(`Started airlock-${id}.service`);
    expect(await on(h2, 'journalctl -u airlock-demo.service --no-pager -o cat')).toMatch(/airlock-demo\.service: Failed with result/);
    expect(await currentSystemOf(h2)).toBe(h2.baseSystem);
    expect(await profileGenerationOf(h2)).toBe('system-1-link');
    expect(await on(h2, 'systemctl is-system-running')).toBe('running');
  });

  it('an activation that kills every SSH session finishes in its unit anyway: the app reconnects and confirms', async () => {
    const next = site.bundle(4, { host3: { version: '24.05.2', variant: 'kill-session' } });
    const h3 = host('host3');
    const r = site.cli(['deploy', 'host3', '--confirm-timeout', '20', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(outcomesOf(r.text)[0]).toMatchObject({ outcome: 'succeeded', to: { generation: 2 } });
    expect(await currentSystemOf(h3)).toBe(next.host3);
    expect(await readOnHost(h3, '/run/activation.log')).toMatch(/killing the SSH sessions/);
    const id = await lastActivation(h3);
    expect(await readOnHost(h3, `/run/airlock/${id}/launcher`)).toBe(`systemd-run airlock-${id}.service\n`);
    expect(await unitJournal(h3, id)).toContain(`airlock-${id}.service: Deactivated successfully.`);
  });
});
