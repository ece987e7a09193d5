// The first run, without the command line: from an empty data folder the app
// guides the set-up (the site's name, its trusted bundle key read from the
// stick, the threshold, the offline cache on the stick, the first host with
// its fingerprint confirmed), then a bundle from the stick is imported and
// deployed to that host, and the Fleet shows its new generation. Refusals on
// the way show the engine's words and, as on the command line, are audited.
import { electronMissing, expect, test as appTest } from './app-fixture';
import { FIRST_SITE, FIRST_VERSION, prepareFirstRun, type FirstRunStick } from './first-run-stick';

const test = appTest.extend<object, { firstRun: FirstRunStick }>({
  firstRun: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter.
    async ({}, use, workerInfo) => {
      // Where the app cannot start, its specs are skipped by appPage: no fleet for them.
      if (electronMissing(workerInfo.project.name)) return use({ env: {} } as FirstRunStick);
      const world = await prepareFirstRun();
      try {
        await use(world);
      } finally {
        await world.stop();
      }
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  appEnv: async ({ firstRun }, use) => use({ ...firstRun.env }),
});

const screen = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

test('from an empty data folder to a deployed host, in the app alone', async ({ appPage: page, firstRun }) => {
  test.setTimeout(300_000);
  const host = firstRun.fleet.hosts[0];
  if (!host) throw new Error('the fleet has no host');

  // 1 and 2: the site's name, its bundle key read from the stick, the threshold.
  await expect(page.getByRole('heading', { level: 1, name: 'Set up this site' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Site name' }).fill(FIRST_SITE);
  await page.getByRole('button', { name: 'Set up the site' }).click();
  const siteRefusal = page.getByRole('alert').filter({ hasText: 'Site not set up' });
  await expect(siteRefusal).toContainText('a site needs at least one trusted bundle key');

  await page.getByRole('textbox', { name: 'Public key file' }).fill(`${firstRun.stick}/missing.pub`);
  await page.getByRole('button', { name: 'Read key file' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Key not read' })).toContainText(
    `cannot read the key file ${firstRun.stick}/missing.pub: ENOENT`,
  );
  await page.getByRole('textbox', { name: 'Public key file' }).fill(firstRun.publicKeyFile);
  await page.getByRole('button', { name: 'Read key file' }).click();
  await expect(page.getByRole('table', { name: 'Keys to trust' }).getByRole('row', { name: /^accel-build-1\b/ })).toContainText(
    'accel-build-1:',
  );

  await page.getByRole('spinbutton', { name: 'Threshold (of 1 bundle keys)' }).fill('2');
  await page.getByRole('button', { name: 'Set up the site' }).click();
  await expect(siteRefusal).toContainText('the threshold must be a whole number from 1 to 1 (the number of bundle keys), not 2');
  await page.getByRole('spinbutton', { name: 'Threshold (of 1 bundle keys)' }).fill('1');
  await page.getByRole('button', { name: 'Set up the site' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Site accel-ctl set up' })).toContainText(
    '1 of 1 bundle key(s) must sign a bundle',
  );

  // 3: the offline cache, in a new folder on the stick.
  const cacheRoot = `${firstRun.stick}/airlock`;
  await expect(page.getByRole('heading', { level: 2, name: '3. The offline cache' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Cache folder' }).fill(cacheRoot);
  await page.getByRole('button', { name: 'Use this cache' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Offline cache at' })).toContainText(
    `Offline cache at ${cacheRoot}: 0 bundle(s)`,
  );
  await page.getByRole('button', { name: 'Next: the first host' }).click();

  // 4: the first host, its key compared with the fingerprint its console prints.
  await page.getByRole('textbox', { name: 'Host name' }).fill(host.name);
  await page.getByRole('textbox', { name: 'Address' }).fill(host.address);
  await page.getByRole('spinbutton', { name: 'SSH port' }).fill(String(host.port));
  await page.getByRole('textbox', { name: 'Identity file (optional)' }).fill(firstRun.identity);
  await page.getByRole('button', { name: 'Fetch host key' }).click();
  const dialog = page.getByRole('dialog', { name: `Confirm the host key of ${host.name}` });
  await expect(dialog).toContainText(host.hostKeyFingerprint, { timeout: 30_000 });
  await dialog.getByRole('radio', { name: new RegExp(host.hostKeyFingerprint.replace(/[+/]/g, '\\$&')) }).check();
  await dialog.getByRole('button', { name: `Pin this key and add ${host.name}` }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: `Added ${host.name}` })).toContainText(host.hostKeyFingerprint);
  await page.getByRole('button', { name: 'Finish: open the Fleet' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  const row = page.getByRole('table', { name: 'Hosts' }).getByRole('row', { name: /^host1\b/ });
  await expect(row).toContainText('generation 1', { timeout: 30_000 });

  // The bundle from the stick, into the offline cache.
  await screen(page, 'Media & import');
  await page.getByRole('textbox', { name: 'Bundle folder' }).fill(firstRun.stick);
  await page.getByRole('button', { name: 'Show bundles', exact: true }).click();
  const bundle = page.getByRole('region', { name: `Bundle ${FIRST_SITE}-1` });
  await bundle.getByRole('button', { name: 'Import' }).click();
  await expect(bundle.getByRole('status')).toContainText(`Import finished: accepted ${FIRST_SITE}-1`, { timeout: 120_000 });

  // Deploy it to host1 and see the new generation.
  await screen(page, 'Fleet');
  await page.getByRole('table', { name: 'Hosts' }).getByRole('checkbox', { name: 'Select host1' }).check();
  await page.getByRole('button', { name: 'Deploy to 1 selected host' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deploy' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Bundle' })).toHaveValue('1');
  await page.getByRole('form', { name: 'What to deploy' }).getByRole('button', { name: 'Show plan' }).click();
  await expect(page.getByRole('table', { name: 'Deploy plan' }).getByRole('row', { name: /^host1\b/ })).toContainText(
    `24.05.1 (Uakari) → ${FIRST_VERSION}`,
    { timeout: 60_000 },
  );
  await page.getByRole('button', { name: 'Start deploy to 1 host' }).click();
  const progress = page.getByRole('region', { name: 'Deploy progress' });
  await expect(progress.getByRole('status', { name: 'Result for host1' })).toContainText('host1: done – generation 1 → generation 2', {
    timeout: 180_000,
  });
  await screen(page, 'Fleet');
  await expect(row).toContainText('generation 2', { timeout: 30_000 });
  await expect(row).toContainText(FIRST_VERSION);

  // Every step the operator took is in the audit log, the refusals too, as the command line's would be.
  await screen(page, 'Audit');
  const log = page.getByRole('table', { name: 'Audit log' });
  const rows = (action: string, outcome: string) =>
    log
      .getByRole('row')
      .filter({ hasText: action })
      .filter({ has: page.getByRole('cell', { name: outcome, exact: true }) });
  await expect(rows('site.init', 'ok')).toHaveCount(1);
  await expect(rows('site.init', 'refused')).toHaveCount(2);
  await expect(rows('host.add', 'ok')).toHaveCount(1);
  await expect(rows('bundle.import', 'ok')).not.toHaveCount(0);
});
