// The copies of the audit log on the medium, checked from the Audit screen as
// `airlock audit verify --copy` checks one: after an import the station's copy
// is on the stick and intact; a row changed on the stick is named.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seriousFindings } from './axe';
import { expect, test } from './site-fixture';

// This spec changes the copy on the medium: a site of its own.
test.use({ siteOf: 'audit-copies' });

test('after an import the copy on the medium is intact, and a changed row in it is named', async ({ appPage, demoSite }) => {
  const nav = appPage.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Media & import' }).click();
  await appPage.getByRole('textbox', { name: 'Bundle folder' }).fill(demoSite.stick);
  await appPage.getByRole('button', { name: 'Show bundles', exact: true }).click();
  const bundle = appPage.getByRole('region', { name: 'Bundle accel-ctl-1' });
  await bundle.getByRole('button', { name: 'Import' }).click();
  await expect(bundle.getByRole('status')).toContainText('Import finished', { timeout: 60_000 });

  await nav.getByRole('button', { name: 'Audit' }).click();
  await appPage.getByRole('button', { name: 'Verify the copies on the medium' }).click();
  const copies = appPage.getByRole('list', { name: 'Audit log copies on the medium' });
  await expect(copies.getByRole('status')).toContainText(/airlock-audit\/.*\.jsonl: intact, \d+ rows/);
  expect(await seriousFindings(appPage)).toEqual([]);

  const dir = join(demoSite.cacheRoot, 'airlock-audit');
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  if (!file) throw new Error(`no audit copy in ${dir}`);
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const first = JSON.parse(lines[0] ?? '') as { subject: string };
  lines[0] = JSON.stringify({ ...first, subject: `${first.subject}-rewritten` });
  writeFileSync(join(dir, file), lines.join('\n'));

  await appPage.getByRole('button', { name: 'Verify the copies on the medium' }).click();
  await expect(copies.getByRole('alert')).toContainText(`${file} was changed at row 1`);
});
