// The Deploy screen when NixOS refuses to switch live (a switch inhibitor
// changed, nixpkgs 26.05), against a real fleet: host1 first runs a system
// whose `dbus-implementation` inhibitor is "dbus" (deployed by the command
// line), then bundle 8 brings "broker". The result says inhibited, why, and
// what to do (action boot, then a reboot); host1 still runs its system.
import { join } from 'node:path';
import { fleetHost, runOnHost } from '../../fleet/fleet';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import { airlock } from '../helpers/run-cli';
import { SITE, type DemoSite } from './demo-site';
import { expect, test } from './site-fixture';

test.use({ deployBundle: 'import', siteOf: 'deploy-inhibited' });

function importBundle(site: DemoSite, sequence: number, dbus: string, version: string): string {
  const system = buildStandInSystem({ host: 'host1', version, variant: 'inhibit', inhibitors: { 'dbus-implementation': dbus } });
  const out = join(site.stick, `${SITE}-${sequence}.airlock`);
  const sign = join(site.work, 'build.sec');
  for (const args of [
    ['bundle', 'create', '--out', out, '--site', SITE, '--sequence', String(sequence), '--sign', sign, '--base', site.cacheRoot],
    ['cache', 'import', out, '--cache', site.cacheRoot],
  ])
    expect(airlock([...args, ...(args[0] === 'bundle' ? ['--system', `host1=${system}`] : []), '--data-dir', site.dataDir]).status).toBe(0);
  return system;
}

test('a switch NixOS refuses because an inhibitor changed: host1 shown as needing boot and a reboot, with why, nothing changed', async ({
  appPage,
  demoSite,
}) => {
  const running = importBundle(demoSite, 7, 'dbus', '24.05.3');
  const first = airlock([
    'deploy',
    'host1',
    '--bundle',
    '7',
    '--confirm-timeout',
    '20',
    '--data-dir',
    demoSite.dataDir,
    '--cache',
    demoSite.cacheRoot,
  ]);
  expect([first.status, first.stderr]).toEqual([0, '']);
  importBundle(demoSite, 8, 'broker', '24.05.4');

  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Deploy' }).click();
  const form = appPage.getByRole('form', { name: 'What to deploy' });
  await form.getByRole('combobox', { name: 'Bundle' }).selectOption('8');
  await form.getByRole('radio', { name: 'All hosts the bundle carries' }).check();
  await form.getByRole('spinbutton', { name: 'Confirm timeout (s)' }).fill('20');
  await form.getByRole('button', { name: 'Show plan' }).click();
  await expect(appPage.getByRole('table', { name: 'Deploy plan' }).getByRole('row', { name: /^host1\b/ })).toBeVisible({ timeout: 30_000 });
  await appPage.getByRole('button', { name: 'Start deploy to 1 host' }).click();

  const result = appPage.getByRole('region', { name: 'Deploy progress' }).getByRole('alert', { name: 'Result for host1' });
  await expect(result).toContainText('host1: needs boot and a reboot', { timeout: 120_000 });
  await expect(result).toContainText('dbus-implementation : dbus -> broker');
  await expect(result).toContainText('It still runs generation 2: nothing was changed.');
  await expect(result).toContainText('deploy it again with Action "boot", then reboot host1');
  const h1 = fleetHost(demoSite.fleet, 'host1');
  expect((await runOnHost(h1, ['readlink', '/run/current-system'])).stdout.trim()).toBe(running);
  expect((await runOnHost(h1, ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim()).toBe('system-2-link');
});
