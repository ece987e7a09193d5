// The Deploy screen equal to the command line, against a real fleet of 3
// hosts: a deploy by tag with a non-default action (boot), confirm timeout and
// parallelism chosen on the screen; then a wave deploy whose canary fails its
// activation, stopped there, with the hosts of the later wave shown as not
// touched (and their profiles, read over SSH, unchanged).
import { join } from 'node:path';
import { fleetHost, runOnHost } from '../../fleet/fleet';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import { airlock } from '../helpers/run-cli';
import { SITE } from './demo-site';
import { expect, test } from './site-fixture';

// Its own site: the wave test adds bundle 7, which deploy.spec.ts must not see.
test.use({ deployBundle: 'import', siteOf: 'deploy-options' });

const screen = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

test('deploys bundle 6 by tag plc with action boot, a confirm timeout and one host at a time: results per host with time taken', async ({
  appPage,
  demoSite,
}) => {
  await screen(appPage, 'Deploy');
  const form = appPage.getByRole('form', { name: 'What to deploy' });
  await expect(form.getByRole('combobox', { name: 'Bundle' })).toHaveValue('6');
  await form.getByRole('radio', { name: 'By tag' }).check();
  await form.getByRole('combobox', { name: 'Tag' }).selectOption('plc');
  await form.getByRole('combobox', { name: 'Action' }).selectOption('boot');
  await form.getByRole('spinbutton', { name: 'Confirm timeout (s)' }).fill('20');
  await form.getByRole('spinbutton', { name: 'Hosts at a time' }).fill('1');
  await form.getByRole('button', { name: 'Show plan' }).click();
  const plan = appPage.getByRole('table', { name: 'Deploy plan' });
  await expect(plan.getByRole('row', { name: /^host1\b/ })).toBeVisible({ timeout: 30_000 });
  await expect(plan.getByRole('row', { name: /^host3\b/ })).toHaveCount(0);
  await appPage.getByRole('button', { name: 'Start deploy to 2 hosts' }).click();
  const progress = appPage.getByRole('region', { name: 'Deploy progress' });
  for (const name of ['host1', 'host2']) {
    const result = progress.getByRole('status', { name: `Result for ${name}` });
    await expect(result).toContainText(`${name}: done`, { timeout: 120_000 });
    await expect(result).toContainText(/took \d+\.\d s/);
  }
  // boot: the new generation is the boot default, the running system is still the old one.
  for (const name of ['host1', 'host2']) {
    const h = fleetHost(demoSite.fleet, name);
    expect((await runOnHost(h, ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim()).toBe('system-2-link');
    expect((await runOnHost(h, ['readlink', '/run/current-system'])).stdout.trim()).toBe(h.baseSystem);
  }
  expect((await runOnHost(fleetHost(demoSite.fleet, 'host3'), ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim()).toBe(
    'system-1-link',
  );
});

test('a wave deploy (1,100%) whose canary fails: stopped after wave 1, host2 and host3 shown as not touched and left unchanged', async ({
  appPage,
  demoSite,
}) => {
  // Bundle 7: host1's system fails a unit on activation; the others are healthy.
  const systems = ['host1', 'host2', 'host3'].flatMap((host) => [
    '--system',
    `${host}=${buildStandInSystem({ host, version: '24.05.3', ...(host === 'host1' ? { variant: 'fail-unit' as const } : {}) })}`,
  ]);
  const out = join(demoSite.stick, `${SITE}-7.airlock`);
  for (const args of [
    [
      'bundle',
      'create',
      '--out',
      out,
      '--site',
      SITE,
      '--sequence',
      '7',
      '--sign',
      join(demoSite.work, 'build.sec'),
      '--base',
      demoSite.cacheRoot,
      ...systems,
    ],
    ['cache', 'import', out, '--cache', demoSite.cacheRoot],
  ])
    expect(airlock([...args, '--data-dir', demoSite.dataDir]).status).toBe(0);
  const before = await Promise.all(
    ['host2', 'host3'].map(async (n) =>
      (await runOnHost(fleetHost(demoSite.fleet, n), ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim(),
    ),
  );

  await screen(appPage, 'Deploy');
  const form = appPage.getByRole('form', { name: 'What to deploy' });
  await form.getByRole('combobox', { name: 'Bundle' }).selectOption('7');
  await form.getByRole('radio', { name: 'All hosts the bundle carries' }).check();
  await form.getByRole('textbox', { name: 'Waves' }).fill('1,100%');
  await form.getByRole('spinbutton', { name: 'Max failed' }).fill('0');
  await form.getByRole('button', { name: 'Show plan' }).click();
  await expect(appPage.getByRole('table', { name: 'Deploy plan' }).getByRole('row', { name: /^host3\b/ })).toBeVisible({ timeout: 30_000 });
  await appPage.getByRole('button', { name: 'Start deploy to 3 hosts' }).click();

  const progress = appPage.getByRole('region', { name: 'Deploy progress' });
  await expect(progress).toContainText('in 2 waves');
  await expect(progress.getByRole('alert', { name: 'Result for host1' })).toContainText('host1: rolled back', { timeout: 120_000 });
  await expect(progress.getByRole('alert', { name: 'Hosts not touched' })).toContainText('Not touched: host2, host3');
  const waves = progress.getByRole('table', { name: 'Waves' });
  await expect(waves.getByRole('row', { name: /^1\b/ })).toContainText('finished');
  await expect(waves.getByRole('row', { name: /^2\b/ })).toContainText('not started');
  for (const name of ['host2', 'host3']) {
    await expect(progress.getByRole('alert', { name: `Result for ${name}` })).toContainText(`${name}: not touched`);
    await expect(progress).toContainText(/left out – wave 2 was not started/);
    await expect(progress.getByRole('progressbar', { name: `${name} progress` })).toHaveAttribute('value', '0');
  }
  const after = await Promise.all(
    ['host2', 'host3'].map(async (n) =>
      (await runOnHost(fleetHost(demoSite.fleet, n), ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim(),
    ),
  );
  expect(after).toEqual(before);
});
