// A stick that holds many bundles: ten of them, made by real Nix and signed
// (one for another site), one already imported through the command line. The
// Media screen lists them in one table, newest first, that fits 1280×720
// without sideways scrolling; each row says where the bundle stands and
// imports from the row; "Details" opens the bundle's whole card.
import { join } from 'node:path';
import { buildLinkedPaths } from '../helpers/nix-binary-cache';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { airlock } from '../helpers/run-cli';
import { SITE } from './demo-site';
import { expect, test } from './site-fixture';

test.use({ siteOf: 'media-many' });

test('ten bundles on one stick fit one table: standing per row, import from the row, details on demand', async ({ appPage, demoSite }) => {
  const folder = join(demoSite.work, 'many');
  const keyFile = join(demoSite.work, 'build.sec');
  const { top } = buildLinkedPaths();
  for (let sequence = 10; sequence <= 18; sequence++)
    makeNixBundle(join(folder, `${SITE}-${sequence}.airlock`), {
      site: SITE,
      sequence,
      host: 'host1',
      toplevel: top,
      compression: 'xz',
      keyFile,
    });
  makeNixBundle(join(folder, 'other-3.airlock'), {
    site: 'other-site',
    sequence: 3,
    host: 'host1',
    toplevel: top,
    compression: 'xz',
    keyFile,
  });
  const imported = airlock([
    'cache',
    'import',
    join(folder, `${SITE}-15.airlock`),
    '--data-dir',
    demoSite.dataDir,
    '--cache',
    demoSite.cacheRoot,
  ]);
  expect(imported.status, imported.stderr).toBe(0);

  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Media & import' }).click();
  await appPage.getByRole('textbox', { name: 'Bundle folder' }).fill(folder);
  await appPage.getByRole('button', { name: 'Show bundles', exact: true }).click();
  const table = appPage.getByRole('table', { name: 'Bundles on this medium' });
  await expect(table.getByRole('row')).toHaveCount(11);
  await expect(table.getByRole('rowheader')).toHaveText([
    ...[18, 17, 16, 15, 14, 13, 12, 11, 10].map((n) => `${SITE}-${n}`),
    'other-site-3',
  ]);
  const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  await expect(row(`${SITE}-15`)).toContainText('imported');
  await expect(row(`${SITE}-12`)).toContainText('older than accepted');
  await expect(row('other-site-3')).toContainText('another site');
  await expect(row(`${SITE}-16`)).toContainText('new');
  expect(await appPage.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(
    0,
  );

  await row(`${SITE}-16`)
    .getByRole('button', { name: `Import ${SITE}-16` })
    .click();
  await expect(row(`${SITE}-16`)).toContainText('import finished', { timeout: 60_000 });
  await expect(row(`${SITE}-16`)).toContainText('imported', { timeout: 15_000 });

  await row(`${SITE}-17`)
    .getByRole('button', { name: `${SITE}-17`, exact: true })
    .click();
  const card = appPage.getByRole('region', { name: `Bundle ${SITE}-17` });
  await expect(card).toContainText('host1 (switch)');
  await expect(card).toContainText('accel-build-1 (valid)');
});
