// Incident mode against a real fleet of 3 hosts (real sshd, real Nix stores):
// bundle 6 then bundle 7 were deployed to every host through the CLI
// (incident-history.ts), so each host's last known good before the latest
// deployment is generation 2. With host3's sshd stopped, the incident flow
// picks "changed by the latest deployment", shows targets, diffs and host3
// left out by preflight, takes a reason, runs, and ends on a summary and a
// report; the hosts' own profiles are read over SSH. Then host3, back, goes
// back by tag with canary first; its old generations are cleaned (preview,
// cancel, confirm); health checks are added and removed in Settings.
// The tests build on each other, in order, on this file's own fleet.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { fleetHost, rebootHost, runOnHost } from '../../fleet/fleet';
import { stopHostProcesses } from '../../fleet/host-process';
import { airlock } from '../helpers/run-cli';
import { seriousFindings } from './axe';
import { expect, test } from './site-fixture';

test.use({ deployBundle: 'incident' });

const REASON = 'PLC timeouts since accel-ctl-7 | ticket #42';
const screen = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();
const profileOf = async (fleet: Parameters<typeof fleetHost>[0], name: string) =>
  (await runOnHost(fleetHost(fleet, name), ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim();

test('rolls the hosts of the latest deployment back to their last known good generation; an unreachable host is left out, the others go on', async ({
  appPage,
  demoSite,
}, testInfo) => {
  const host3 = fleetHost(demoSite.fleet, 'host3');
  await stopHostProcesses(host3.mountNamespace, [host3.sshdPid]);
  try {
    await appPage.getByRole('button', { name: /Incident: roll back hosts/ }).click();
    await expect(appPage.getByRole('heading', { level: 1, name: 'Incident: roll back hosts' })).toBeVisible();
    await expect(appPage.getByRole('radio', { name: 'Changed by the latest deployment' })).toBeChecked();
    await expect(appPage.getByRole('form', { name: 'Affected hosts' })).toContainText('latest deployment accel-ctl-7: host1, host2, host3');
    await appPage.getByRole('button', { name: 'Show targets and preflight' }).click();

    const plan = appPage.getByRole('table', { name: 'Incident plan' });
    for (const name of ['host1', 'host2']) {
      const row = plan.getByRole('row', { name: new RegExp(`^${name}\\b`) });
      await expect(row).toContainText('✓ ready', { timeout: 60_000 });
      await expect(row).toContainText('generation 3');
      await expect(row).toContainText('generation 2 (confirmed healthy');
      await expect(row.getByRole('list', { name: `Package changes on ${name}` })).toContainText('linux 6.6.60 → 6.6.59');
      await expect(row).toContainText('reboot needed');
    }
    const left = plan.getByRole('row', { name: /^host3\b/ });
    await expect(left).toContainText('✕ left out');
    await expect(left).toContainText('host3 is unreachable');
    await expect(appPage.getByText('2 of 3 hosts will go back to their last known good generation; 1 left out')).toBeVisible();

    const run = appPage.getByRole('button', { name: 'Roll back 2 hosts…' });
    await expect(run).toBeDisabled();
    await appPage.getByRole('textbox', { name: 'Reason for the rollback' }).fill(REASON);
    await run.click();
    const dialog = appPage.getByRole('dialog', { name: 'Roll back 2 hosts now?' });
    await expect(dialog.getByRole('list', { name: 'Hosts to roll back' })).toContainText(
      'host1: from generation 3 to generation 2 (reboot needed afterwards)',
    );
    await expect(dialog).toContainText('host2: from generation 3 to generation 2');
    await expect(dialog).toContainText('Left out, nothing is done to them: host3.');
    await expect(dialog).toContainText(REASON);
    expect(await seriousFindings(appPage), 'axe on the dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Roll back host1, host2' }).click();
    await expect(
      appPage.getByRole('region', { name: 'Incident progress' }).getByRole('progressbar', { name: 'host1 progress' }),
    ).toBeVisible();

    const result = appPage.getByRole('table', { name: 'Incident result' });
    for (const name of ['host1', 'host2']) {
      const row = result.getByRole('row', { name: new RegExp(`^${name}\\b`) });
      await expect(row).toContainText('✓ rolled back', { timeout: 120_000 });
      await expect(row.getByRole('cell')).toHaveText(['✓ rolled back', '3', '2', '2', '▲ needs reboot', '']);
    }
    await expect(result.getByRole('row', { name: /^host3\b/ })).toContainText('✕ left out');
    await expect(appPage.getByRole('status').filter({ hasText: 'Incident 1: some hosts did NOT go back' })).toContainText(REASON);

    // The report: every host with before and after, the reason (escaped for Markdown, as the CLI writes it).
    const report = appPage.getByRole('region', { name: 'Incident report' }).getByLabel('Report of incident 1');
    await expect(report).toContainText('# Incident 1: PLC timeouts since accel-ctl-7 \\| ticket #42');
    for (const name of ['host1', 'host2'])
      await expect(report).toContainText(new RegExp(`\\| ${name} \\| rolled back \\| 3 \\| 2 \\(confirmed [^|]*\\| 2 \\|`));
    await expect(report).toContainText(/\| host3 \| LEFT OUT \|/);
    if (testInfo.project.name === 'console') {
      const download = appPage.waitForEvent('download');
      await appPage.getByRole('button', { name: 'Download report (incident-1.md)' }).click();
      const file = await (await download).path();
      expect(readFileSync(file, 'utf8')).toContain('# Incident 1: PLC timeouts');
    }

    // The hosts' own profiles, read over SSH, not through Airlock.
    expect(await profileOf(demoSite.fleet, 'host1')).toBe('system-2-link');
    expect(await profileOf(demoSite.fleet, 'host2')).toBe('system-2-link');

    await screen(appPage, 'Fleet');
    const hosts = appPage.getByRole('table', { name: 'Hosts' });
    for (const name of ['host1', 'host2']) {
      await expect(hosts.getByRole('row', { name: new RegExp(`^${name}\\b`) })).toContainText('generation 2', { timeout: 15_000 });
      await expect(hosts.getByRole('row', { name: new RegExp(`^${name}\\b`) })).toContainText('rolled back');
    }
    await hosts.getByRole('button', { name: 'host2', exact: true }).click();
    await expect(appPage.getByRole('table', { name: 'Generations of host2' }).getByRole('row', { name: /^2\b/ })).toContainText('current', {
      timeout: 15_000,
    });
  } finally {
    await rebootHost(demoSite.fleetDir, 'host3');
  }
  expect(await profileOf(demoSite.fleet, 'host3')).toBe('system-3-link');
});

test('host3, back online, goes back by its tag with canary first', async ({ appPage, demoSite }) => {
  await appPage.getByRole('button', { name: /Incident: roll back hosts/ }).click();
  await appPage.getByRole('radio', { name: 'Every host with a tag' }).check();
  await appPage.getByRole('combobox', { name: 'Tag' }).selectOption('hmi');
  await appPage.getByRole('button', { name: 'Show targets and preflight' }).click();
  const row = appPage.getByRole('table', { name: 'Incident plan' }).getByRole('row', { name: /^host3\b/ });
  await expect(row).toContainText('✓ ready', { timeout: 60_000 });
  await expect(row).toContainText('generation 2 (confirmed healthy');
  await appPage.getByRole('textbox', { name: 'Reason for the rollback' }).fill('HMI too');
  await appPage.getByRole('radio', { name: /Canary first/ }).check();
  await appPage.getByRole('button', { name: 'Roll back 1 host…' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Roll back 1 host now?' });
  await expect(dialog).toContainText('Canary first: host3 alone');
  await dialog.getByRole('button', { name: 'Roll back host3' }).click();
  const result = appPage.getByRole('table', { name: 'Incident result' }).getByRole('row', { name: /^host3\b/ });
  await expect(result).toContainText('✓ rolled back', { timeout: 120_000 });
  await expect(result).toContainText('(canary)');
  expect(await profileOf(demoSite.fleet, 'host3')).toBe('system-2-link');
});

test('cleaning host3 previews what goes and why the rest stays; nothing is deleted until the confirmation naming host and generation', async ({
  appPage,
  demoSite,
}) => {
  const exists = async (n: number) =>
    (await runOnHost(fleetHost(demoSite.fleet, 'host3'), ['test', '-L', `/nix/var/nix/profiles/system-${n}-link`], { check: false }))
      .code === 0;
  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host3', exact: true }).click();
  const form = appPage.getByRole('form', { name: 'Clean old generations of host3' });
  await form.getByRole('spinbutton', { name: 'Keep the newest' }).fill('1');
  await form.getByRole('button', { name: 'Preview clean' }).click();
  const preview = appPage.getByRole('status', { name: 'Clean preview for host3' });
  await expect(preview).toContainText('Would delete generation(s) 1 of host3 (nothing deleted yet).', { timeout: 30_000 });
  const kept = preview.getByRole('list', { name: 'Generations kept' });
  await expect(kept).toContainText('kept 3: among the newest, booted, last known good');
  await expect(kept).toContainText('kept 2: current, next boot, last known good');

  await preview.getByRole('button', { name: 'Delete 1 generation…' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Delete generations of host3?' });
  await expect(dialog).toContainText('Generation(s) 1 of host3 are deleted');
  expect(await seriousFindings(appPage), 'axe on the dialog').toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await exists(1)).toBe(true);

  await preview.getByRole('button', { name: 'Delete 1 generation…' }).click();
  await dialog.getByRole('button', { name: 'Delete generation(s) 1 of host3' }).click();
  await expect(appPage.getByRole('status', { name: 'Clean result for host3' })).toContainText('Deleted generation(s) 1 of host3.', {
    timeout: 60_000,
  });
  expect([await exists(1), await exists(2), await exists(3)]).toEqual([false, true, true]);
  await expect(appPage.getByRole('table', { name: 'Generations of host3' }).getByRole('row', { name: /^1\b/ })).toHaveCount(0, {
    timeout: 15_000,
  });
});

test('health checks are added per tag and per host in Settings, stored for the CLI too, and removed', async ({ appPage, demoSite }) => {
  await screen(appPage, 'Settings');
  const form = appPage.getByRole('form', { name: 'Add a health check' });
  await form.getByRole('combobox', { name: 'Check applies to' }).selectOption({ label: 'every host tagged plc' });
  await form.getByRole('textbox', { name: 'Command' }).fill('systemctl is-active epics-ioc');
  await form.getByRole('spinbutton', { name: 'Expected exit status' }).fill('0');
  await form.getByRole('spinbutton', { name: 'Time limit (seconds)' }).fill('5');
  await form.getByRole('button', { name: 'Add health check' }).click();
  await form.getByRole('combobox', { name: 'Check applies to' }).selectOption({ label: 'host host1' });
  await form.getByRole('combobox', { name: 'Kind of check' }).selectOption({ label: 'TCP port reached from here' });
  await form.getByRole('spinbutton', { name: 'TCP port' }).fill('22');
  await form.getByRole('button', { name: 'Add health check' }).click();

  const table = appPage.getByRole('table', { name: 'Health checks' });
  await expect(table.getByRole('row', { name: /^tag plc\b/ })).toContainText('systemctl is-active epics-ioc exits with 0');
  await expect(table.getByRole('row', { name: /^tag plc\b/ })).toContainText('5 s');
  await expect(table.getByRole('row', { name: /^host host1\b/ })).toContainText('TCP port 22 reachable');
  const stored = JSON.parse(airlock(['check', 'ls', '--json', '--data-dir', demoSite.dataDir]).text) as {
    tag?: string;
    command?: string;
    port?: number;
  }[];
  expect(stored).toMatchObject([{ tag: 'plc', command: 'systemctl is-active epics-ioc' }, { port: 22 }]);

  await table.getByRole('button', { name: /^Remove check \d+ \(tag plc\)$/ }).click();
  await expect(table.getByRole('row', { name: /^tag plc\b/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /^host host1\b/ })).toBeVisible();
});

test('a host with no generation known good is not a dead end: the operator picks its target in the plan, preflight checks it, the record says picked', async ({
  appPage,
  demoSite,
}) => {
  // host2 runs generation 2 (the first test took it back) and has no health check left; with 1, 2 and 3 marked bad, none of its generations counts as known good.
  for (const n of ['1', '2', '3'])
    expect(
      airlock(['generation', 'mark-bad', 'host2', n, '--reason', 'suspect since the audit', '--data-dir', demoSite.dataDir]).status,
    ).toBe(0);
  await appPage.getByRole('button', { name: /Incident: roll back hosts/ }).click();
  await appPage.getByRole('radio', { name: 'Hosts chosen by hand' }).check();
  await appPage.getByRole('checkbox', { name: 'host2' }).check();
  await appPage.getByRole('button', { name: 'Show targets and preflight' }).click();
  const row = appPage.getByRole('table', { name: 'Incident plan' }).getByRole('row', { name: /^host2\b/ });
  await expect(row).toContainText('✕ left out', { timeout: 60_000 });
  await expect(row).toContainText('host2 has no generation confirmed healthy');
  const target = row.getByRole('combobox', { name: 'Target for host2' });
  await expect(target.getByRole('option')).toHaveText([
    /leave host2 out/,
    /^generation 3 · /,
    /^generation 2 · .*runs now$/,
    /^generation 1 · /,
  ]);

  await target.selectOption({ label: (await target.getByRole('option', { name: /^generation 3 · / }).textContent()) ?? '' });
  await expect(row).toContainText('✓ ready', { timeout: 60_000 });
  await expect(row).toContainText('Target picked by you');
  await appPage.getByRole('textbox', { name: 'Reason for the rollback' }).fill('generation 2 lost the valves');
  await appPage.getByRole('button', { name: 'Roll back 1 host…' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Roll back 1 host now?' });
  await expect(dialog).toContainText('host2: from generation 2 to generation 3');
  await dialog.getByRole('button', { name: 'Roll back host2' }).click();
  await expect(appPage.getByRole('table', { name: 'Incident result' }).getByRole('row', { name: /^host2\b/ })).toContainText(
    '✓ rolled back',
    {
      timeout: 120_000,
    },
  );
  expect(await profileOf(demoSite.fleet, 'host2')).toBe('system-3-link');
  await expect(appPage.getByRole('region', { name: 'Incident report' })).toContainText('picked by the operator');
});
