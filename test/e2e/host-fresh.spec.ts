// The Host screen never stale: host1 runs bundle 6 (a new kernel, deployed
// through the CLI, so it "needs reboot"); on one Host screen, never reopened,
// it is rolled back, switched forward and rebooted, and after each the screen
// shows what the host runs now: state, generations, the Roll back offer and
// an open diff. The periodic probe is off (10 min), so only the engine's own
// events after each operation can bring the new state. The rollback dialog
// does not claim a reboot for the kernel already booted.
import { fleetHost, runOnHost } from '../../fleet/fleet';
import { airlock } from '../helpers/run-cli';
import { electronMissing } from './app-fixture';
import { seriousFindings } from './axe';
import { expect, test as siteTest } from './site-fixture';

const test = siteTest.extend({
  appEnv: async ({ demoSite }, use) => use({ ...demoSite.env, AIRLOCK_PROBE_INTERVAL_MS: '600000' }),
});
test.use({ deployBundle: 'import' });

// Before any app opens, so its first probe already sees both hosts on generation 2 (the probe interval is long).
test.beforeAll(async ({ demoSite }, testInfo) => {
  // Where the app cannot start, its tests are skipped and there is no fleet to deploy to.
  if (electronMissing(testInfo.project.name)) return;
  const deployed = airlock([
    'deploy',
    'host1',
    'host2',
    '--bundle',
    '6',
    '--confirm-timeout',
    '20',
    '--data-dir',
    demoSite.dataDir,
    '--cache',
    demoSite.cacheRoot,
  ]);
  expect([deployed.status, deployed.stderr]).toEqual([0, expect.any(String)]);
});

test('after a rollback, a switch and a reboot, the Host screen shows the new state without being reopened', async ({
  appPage,
  demoSite,
}) => {
  test.setTimeout(360_000);
  const h1 = fleetHost(demoSite.fleet, 'host1');
  const bootId = async (): Promise<string> => (await runOnHost(h1, ['cat', '/proc/sys/kernel/random/boot_id'])).stdout.trim();

  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host1', exact: true }).click();
  const facts = appPage.locator('dl.facts');
  const generations = appPage.getByRole('table', { name: 'Generations of host1' });
  const row = (n: number) => generations.getByRole('row', { name: new RegExp(`^${n}\\b`) });
  await expect(row(2)).toContainText('current, default', { timeout: 30_000 });
  await expect(facts).toContainText('needs reboot');
  const rollbackOffer = appPage.getByText('to generation 1, which ran before generation 2');
  await expect(rollbackOffer).toBeVisible();
  // An open diff of generation 1 with the current one (2): the kernel changed.
  await generations.getByRole('button', { name: 'Diff generation 1 with current' }).click();
  const diff = appPage.getByRole('region', { name: 'Diff of generation 1 with current' });
  await expect(diff).toContainText('(', { timeout: 30_000 });
  await expect(diff).toContainText(/paths, generation 2\) → .* paths, generation 1\)/);
  await expect(diff.getByRole('table', { name: 'Changed packages' })).toContainText('6.6.59');

  // Rollback to generation 1, whose kernel is the one booted: no reboot claimed.
  await appPage.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Roll back host1?' });
  await expect(dialog).toContainText('to generation 1 [NixOS 24.05.1 (Uakari), kernel 6.6.58]');
  await expect(dialog).not.toContainText('The kernel differs');
  await expect(dialog).toContainText('It runs the kernel the host booted (6.6.58): no reboot is needed for it.');
  expect(await seriousFindings(appPage), 'axe on the dialog').toEqual([]);
  await dialog.getByRole('button', { name: 'Roll back host1 from generation 2 to 1' }).click();
  const rollback = appPage.getByRole('region', { name: 'Rollback of host1' });
  await expect(rollback.getByRole('status', { name: 'Result for host1' })).toContainText('host1: done – generation 2 → generation 1', {
    timeout: 120_000,
  });
  await expect(row(1)).toContainText('current, booted, default', { timeout: 15_000 });
  // The flags cell of generation 2: neither current, booted nor default now.
  await expect(row(2).getByRole('cell').nth(1)).toHaveText('–');
  await expect(facts).not.toContainText('needs reboot');
  await expect(facts).toContainText('online');
  await expect(rollbackOffer).toBeHidden();
  await expect(appPage.getByRole('button', { name: 'Reboot host1' })).toBeHidden();
  // The open diff follows: generation 1 is now the current one.
  await expect(diff).toContainText(/paths, generation 1\) → .* paths, generation 1\)/, { timeout: 30_000 });
  await expect(diff).toContainText('Changed packages: none.');

  // Switch forward to generation 2: its kernel is not the booted one.
  await generations.getByRole('button', { name: 'Switch to this generation (2)' }).click();
  const switchDialog = appPage.getByRole('dialog', { name: 'Switch host1 to generation 2?' });
  await expect(switchDialog).toContainText('The kernel differs: the host runs the new one only after a reboot.');
  expect(await seriousFindings(appPage), 'axe on the dialog').toEqual([]);
  await switchDialog.getByRole('button', { name: 'Switch host1 from generation 1 to 2' }).click();
  await expect(appPage.getByRole('region', { name: 'Switch of host1' }).getByRole('status', { name: 'Result for host1' })).toContainText(
    'host1: done – generation 1 → generation 2',
    { timeout: 120_000 },
  );
  await expect(row(2)).toContainText('current, default', { timeout: 15_000 });
  await expect(facts).toContainText('needs reboot');
  await expect(diff).toContainText(/paths, generation 2\) → .* paths, generation 1\)/, { timeout: 30_000 });

  // Reboot, from the Host screen, behind a confirmation naming the host.
  const before = await bootId();
  await appPage.getByRole('button', { name: 'Reboot host1' }).click();
  const rebootDialog = appPage.getByRole('dialog', { name: 'Reboot host1?' });
  await expect(rebootDialog).toContainText('host1 restarts now and boots generation 2 [NixOS 24.05.2 (Uakari), kernel 6.6.59]');
  expect(await seriousFindings(appPage), 'axe on the dialog').toEqual([]);
  await rebootDialog.getByRole('textbox', { name: 'Reason (written to the audit log)' }).fill('e2e: run the new kernel');
  await rebootDialog.getByRole('button', { name: 'Reboot host1 now' }).click();
  await expect(rebootDialog).toBeHidden();
  await expect(appPage.getByRole('status', { name: 'Reboot of host1' })).toContainText(/Rebooting host1/);
  const reboot = appPage.getByRole('region', { name: 'Reboot of host1' });
  await expect(reboot.getByRole('status', { name: 'Result for host1' })).toContainText(
    /host1: done – generation 2 → generation 2\s*back after [\d.]+ s with a new boot id; it runs generation 2/,
    { timeout: 120_000 },
  );
  await expect(row(2)).toContainText('current, booted, default', { timeout: 15_000 });
  await expect(facts).not.toContainText('needs reboot');
  await expect(facts).toContainText('online');
  await expect(appPage.getByRole('button', { name: 'Reboot host1' })).toBeHidden();
  expect(await bootId()).not.toBe(before);

  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit' }).click();
  const audit = appPage.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'host.reboot' });
  await expect(audit.first()).toContainText('host1');
  await expect(audit.first()).toContainText('e2e: run the new kernel');
});

test('the Fleet offers Reboot on a host that needs one, behind a confirmation naming it, and shows it back online afterwards', async ({
  appPage,
}) => {
  test.setTimeout(240_000);
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  const host2 = hosts.getByRole('row', { name: /^host2\b/ });
  await expect(host2).toContainText('needs reboot', { timeout: 30_000 });
  await expect(hosts.getByRole('button', { name: 'Reboot host3' })).toBeHidden();
  await host2.getByRole('button', { name: 'Reboot host2' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Reboot host2?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await host2.getByRole('button', { name: 'Reboot host2' }).click();
  await dialog.getByRole('button', { name: 'Reboot host2 now' }).click();
  await expect(host2.getByRole('status', { name: 'Reboot of host2' })).toContainText('Rebooting host2');
  await expect(host2).toContainText('online', { timeout: 120_000 });
  await expect(host2).not.toContainText('needs reboot');
  await expect(host2.getByRole('button', { name: 'Reboot host2' })).toBeHidden();
});
