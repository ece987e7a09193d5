// Media & import and the Offline cache against real bundles on a folder
// standing in for a stick: a bundle made by real Nix is imported with its
// progress shown and then listed in the cache; a bundle whose NAR file was
// damaged is refused with the rule that failed named; both leave audit rows.
import { renameSync } from 'node:fs';
import { expect, test } from './site-fixture';

test('the stick is listed as a medium, with its bundles and offline cache', async ({ appPage, demoSite }) => {
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Media & import' }).click();
  const media = appPage.getByRole('list', { name: 'Media' });
  await expect(media).toContainText(demoSite.stick);
  await expect(media).toContainText('2 bundle(s)');
  await media.getByRole('button', { name: `Show bundles on ${demoSite.stick}` }).click();
  const bundle = appPage.getByRole('region', { name: 'Bundle accel-ctl-1' });
  await expect(bundle).toContainText('host1 (switch)');
  await expect(bundle).toContainText('accel-build-1 (valid)');
  await expect(bundle).toContainText('2026-11-20 10:00 UTC');
});

test('importing a bundle shows progress, accepts it, and the Offline cache lists it', async ({ appPage, demoSite }) => {
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Media & import' }).click();
  await appPage.getByRole('textbox', { name: 'Bundle folder' }).fill(demoSite.stick);
  await appPage.getByRole('button', { name: 'Show bundles', exact: true }).click();
  const bundle = appPage.getByRole('region', { name: 'Bundle accel-ctl-1' });
  await bundle.getByRole('button', { name: 'Import' }).click();
  await expect(bundle.getByRole('status')).toContainText(/Import finished: (accepted accel-ctl-1|accel-ctl-1 was imported before)/, {
    timeout: 60_000,
  });

  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Offline cache' }).click();
  await expect(appPage.getByText(demoSite.cacheRoot, { exact: true })).toBeVisible();
  const held = appPage.getByRole('table', { name: 'Bundles in the cache' });
  await expect(held.getByRole('row', { name: /accel-ctl-1/ })).toContainText('host1');
  await expect(appPage.getByText(/3 store paths/)).toBeVisible();
  await appPage.getByRole('button', { name: 'Verify cache' }).click();
  await expect(appPage.getByRole('status').filter({ hasText: 'Cache verify finished' })).toContainText('3 paths checked, none damaged', {
    timeout: 60_000,
  });
});

test('a tampered bundle is refused and the screen names the failed rule', async ({ appPage, demoSite }) => {
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Media & import' }).click();
  await appPage.getByRole('textbox', { name: 'Bundle folder' }).fill(demoSite.tamperedBundle);
  await appPage.getByRole('button', { name: 'Show bundles', exact: true }).click();
  const bundle = appPage.getByRole('region', { name: 'Bundle accel-ctl-5' });
  await bundle.getByRole('button', { name: 'Import' }).click();
  const refusal = bundle.getByRole('alert');
  await expect(refusal).toContainText('Import refused: rule 7 failed', { timeout: 60_000 });
  await expect(refusal).toContainText('every NAR file must be there and hash to what its narinfo says');
  await expect(refusal).toContainText('Nothing was imported');
});

test('the Audit screen shows the imports, the refusal and the hosts added, filters them and exports CSV', async ({ appPage }) => {
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit' }).click();
  const log = appPage.getByRole('table', { name: 'Audit log' });
  const imports = (outcome: string) =>
    log
      .getByRole('row')
      .filter({ hasText: 'bundle.import' })
      .filter({ has: appPage.getByRole('cell', { name: outcome, exact: true }) });
  await expect(imports('refused')).not.toHaveCount(0);
  await expect(imports('ok')).not.toHaveCount(0);
  await expect(log.getByRole('row').filter({ hasText: 'host.add' })).toHaveCount(3);
  await appPage.getByRole('combobox', { name: 'Outcome' }).selectOption('refused');
  await appPage.getByRole('button', { name: 'Apply filters' }).click();
  await expect(log.getByRole('row').filter({ hasText: 'host.add' })).toHaveCount(0);
  await expect(log.getByRole('row').filter({ hasText: 'rule: 7' })).not.toHaveCount(0);
  const download = appPage.waitForEvent('download');
  await appPage.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^airlock-audit-.*\.csv$/);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
  expect(text.split('\r\n')[0]).toBe('id,time,user,action,subject,outcome,details');
  expect(text).toContain('bundle.import');
  expect(text).not.toContain('host.add');
});

test('a stick plugged in shows its bundles at once, saying which are already imported', async ({ appPage, demoSite }) => {
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Media & import' }).click();
  const media = appPage.getByRole('list', { name: 'Media' });
  await expect(media).toContainText(demoSite.stick);
  // Pulled: the medium goes away (the app polls media every 2 s here)…
  const pulled = `${demoSite.stick}.pulled`;
  renameSync(demoSite.stick, pulled);
  try {
    await expect(appPage.getByText('No removable medium is mounted.')).toBeVisible({ timeout: 15_000 });
  } finally {
    // …and plugged in again.
    renameSync(pulled, demoSite.stick);
  }
  // Its bundles are listed without asking, each with where it stands against the site.
  const imported = appPage.getByRole('region', { name: 'Bundle accel-ctl-1' });
  await expect(imported).toBeVisible({ timeout: 15_000 });
  await expect(imported).toContainText('Already imported: the offline cache holds it.');
  await expect(imported).toContainText('accel-build-1 (valid)');
  await expect(appPage.getByRole('region', { name: 'Bundle accel-ctl-5' })).not.toContainText('Already imported');
});
