// Deploy, roll back and diff against a real fleet of 3 hosts (real sshd, real
// Nix stores): bundle 6 of new stand-in systems (NixOS 24.05.2, kernel
// 6.6.59), built by real Nix and imported through the CLI, goes to two hosts
// chosen on the Fleet; then one host is rolled back from its Host screen and
// its own profile is read over SSH; the diff reads both closures on the host.
// The tests build on each other, in order, on this file's own fleet.
import { fleetHost, runOnHost } from '../../fleet/fleet';
import { expect, test } from './site-fixture';

test.use({ deployBundle: 'import' });

const screen = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

test('deploys bundle 6 to two hosts chosen on the Fleet: plan, progress, a result per host, new generations on Fleet and Host', async ({
  appPage,
}) => {
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  const row = (name: string) => hosts.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  await expect(row('host1')).toContainText('differs from latest bundle');
  await hosts.getByRole('checkbox', { name: 'Select host1' }).check();
  await hosts.getByRole('checkbox', { name: 'Select host2' }).check();
  await appPage.getByRole('button', { name: 'Deploy to 2 selected hosts' }).click();

  await expect(appPage.getByRole('heading', { level: 1, name: 'Deploy' })).toBeVisible();
  await expect(appPage.getByRole('combobox', { name: 'Bundle' })).toHaveValue('6');
  const form = appPage.getByRole('form', { name: 'What to deploy' });
  await expect(form.getByRole('checkbox', { name: /^host2\b/ })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /^host3\b/ })).not.toBeChecked();
  await form.getByRole('button', { name: 'Show plan' }).click();
  const plan = appPage.getByRole('table', { name: 'Deploy plan' });
  for (const name of ['host1', 'host2']) {
    const planned = plan.getByRole('row', { name: new RegExp(`^${name}\\b`) });
    await expect(planned).toContainText('NixOS 24.05.1 (Uakari) → 24.05.2; kernel 6.6.58 → 6.6.59', { timeout: 30_000 });
    await expect(planned).toContainText(/[1-9]\d* of \d+ paths, [\d.]+ (B|KiB|MiB)/);
    await expect(planned).toContainText('reboot needed');
  }

  await appPage.getByRole('button', { name: 'Start deploy to 2 hosts' }).click();
  const progress = appPage.getByRole('region', { name: 'Deploy progress' });
  await expect(progress.getByRole('progressbar', { name: 'host1 progress' })).toBeVisible();
  await expect(progress).toContainText('accel-ctl-6 to host1, host2');
  for (const name of ['host1', 'host2']) {
    const result = progress.getByRole('status', { name: `Result for ${name}` });
    await expect(result).toContainText(`${name}: done – generation 1 → generation 2`, { timeout: 120_000 });
    await expect(result).toContainText(/sent [1-9]\d* paths/);
    await expect(result).toContainText('Reboot the host to run its new kernel.');
  }
  await expect(progress).toContainText('finished');

  await screen(appPage, 'Fleet');
  for (const name of ['host1', 'host2']) {
    await expect(row(name)).toContainText('generation 2', { timeout: 15_000 });
    await expect(row(name)).toContainText('24.05.2');
    await expect(row(name)).toContainText('succeeded deploy → 2');
    await expect(row(name)).not.toContainText('differs from latest bundle');
  }
  await expect(row('host3')).toContainText('generation 1');
  await expect(row('host3')).toContainText('differs from latest bundle');

  await hosts.getByRole('button', { name: 'host2', exact: true }).click();
  const generations = appPage.getByRole('table', { name: 'Generations of host2' });
  await expect(generations.getByRole('row', { name: /^2\b/ })).toContainText('current, default');
  await expect(generations.getByRole('row', { name: /^1\b/ })).toContainText('booted');
  await expect(appPage.getByRole('table', { name: 'Deployments of host2' }).getByRole('row').nth(1)).toContainText(
    'deploy accel-ctl-6 (switch)',
  );
});

test('rolls host1 back from its Host screen after a confirmation naming both generations; the host profile, records and audit agree', async ({
  appPage,
  demoSite,
}) => {
  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host1', exact: true }).click();
  await expect(appPage.getByRole('table', { name: 'Generations of host1' }).getByRole('row', { name: /^2\b/ })).toContainText('current');
  await appPage.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Roll back host1?' });
  await expect(dialog).toContainText(
    'host1 goes from generation 2 [NixOS 24.05.2 (Uakari), kernel 6.6.59] to generation 1 [NixOS 24.05.1 (Uakari), kernel 6.6.58]',
  );
  await dialog.getByRole('textbox', { name: 'Reason (written to the audit log)' }).fill('e2e: back to the known-good kernel');
  await dialog.getByRole('button', { name: 'Roll back host1 from generation 2 to 1' }).click();
  await expect(dialog).toBeHidden();

  const result = appPage.getByRole('region', { name: 'Rollback of host1' }).getByRole('status', { name: 'Result for host1' });
  await expect(result).toContainText('host1: done – generation 2 → generation 1', { timeout: 120_000 });
  const generations = appPage.getByRole('table', { name: 'Generations of host1' });
  await expect(generations.getByRole('row', { name: /^1\b/ })).toContainText('current, booted, default', { timeout: 15_000 });
  const newest = appPage.getByRole('table', { name: 'Deployments of host1' }).getByRole('row').nth(1);
  await expect(newest).toContainText('rollback (switch)');
  await expect(newest).toContainText('2 → 1');
  await expect(newest).toContainText('succeeded');
  await expect(newest).toContainText('e2e: back to the known-good kernel');

  // The host's own profile, read over SSH, not through Airlock.
  const profile = await runOnHost(fleetHost(demoSite.fleet, 'host1'), ['readlink', '/nix/var/nix/profiles/system']);
  expect(profile.stdout.trim()).toBe('system-1-link');

  await screen(appPage, 'Audit');
  const audit = appPage.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'host.rollback' });
  await expect(audit.first()).toContainText('host1');
  await expect(audit.first()).toContainText('e2e: back to the known-good kernel');
  await expect(audit.first().getByRole('cell', { name: 'ok', exact: true })).toBeVisible();

  await screen(appPage, 'Fleet');
  const row = appPage.getByRole('table', { name: 'Hosts' }).getByRole('row', { name: /^host1\b/ });
  await expect(row).toContainText('generation 1');
  await expect(row).toContainText('rolled back');
  await expect(row).toContainText('differs from latest bundle');
});

test('the diff of generation 2 with the current one, read on the host, shows the kernel changed with both versions and the size change', async ({
  appPage,
}) => {
  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host1', exact: true }).click();
  const generations = appPage.getByRole('table', { name: 'Generations of host1' });
  await expect(generations.getByRole('row', { name: /^2\b/ })).toContainText(/\d+(\.\d)? (KiB|MiB)/);
  await generations.getByRole('button', { name: 'Diff generation 2 with current' }).click();
  const diff = appPage.getByRole('region', { name: 'Diff of generation 2 with current' });
  const changed = diff.getByRole('table', { name: 'Changed packages' });
  const kernel = changed.getByRole('row', { name: /^linux\b/ });
  await expect(kernel).toContainText('6.6.58', { timeout: 30_000 });
  await expect(kernel).toContainText('6.6.59');
  await expect(changed.getByRole('row', { name: /^nixos-system-host1\b/ })).toContainText('24.05.2');
  await expect(diff).toContainText(/Closure: .* \(\d+ paths, generation 1\) → .* \(\d+ paths, generation 2\): [+−]/);
  await expect(diff).toContainText('Added packages: none.');
});
