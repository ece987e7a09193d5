// Marking a generation bad on the Host screen, against the real fleet: host2's
// generation 1 (adopted as known good when it was added) is marked bad behind
// a confirmation naming the host and the generation, with a reason; the row
// says so and the host has no last known good any more. Unmarking gives it
// back. Both are in the audit log; the dialog passes axe.
import { seriousFindings } from './axe';
import { expect, test } from './site-fixture';

// A site of its own (shared with host-edit.spec.ts): the marks must not reach the other specs' hosts.
test.use({ siteOf: 'host-edits' });

test('an operator marks a generation bad and takes the mark back, each confirmed, and the last known good follows', async ({ appPage }) => {
  test.setTimeout(180_000);
  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host2', exact: true }).click();
  const lastKnownGood = appPage.locator('dl.facts dt:text-is("Last known good") + dd');
  const row = appPage.getByRole('table', { name: 'Generations of host2' }).getByRole('row', { name: /^1\b/ });
  await expect(row).toContainText('current, booted, default', { timeout: 30_000 });
  await expect(lastKnownGood).toContainText('generation 1, confirmed healthy');

  await row.getByRole('button', { name: 'Mark generation 1 bad' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Mark generation 1 of host2 bad?' });
  await expect(dialog).toContainText('stops counting as last known good');
  await expect(dialog).toContainText('Nothing on host2 changes.');
  expect(await seriousFindings(appPage)).toEqual([]);
  await dialog.getByRole('textbox', { name: 'Reason (written to the audit log)' }).fill('PLC timeouts');
  await dialog.getByRole('button', { name: 'Mark generation 1 of host2 bad' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(row).toContainText('current, booted, default; marked bad (PLC timeouts)');
  await expect(lastKnownGood).toHaveText('none on record', { timeout: 30_000 });

  await row.getByRole('button', { name: 'Unmark generation 1' }).click();
  const undo = appPage.getByRole('dialog', { name: 'Unmark generation 1 of host2?' });
  expect(await seriousFindings(appPage)).toEqual([]);
  await undo.getByRole('button', { name: 'Unmark generation 1 of host2' }).click();
  await expect(undo).toBeHidden({ timeout: 30_000 });
  await expect(row).not.toContainText('marked bad');
  await expect(row.getByRole('button', { name: 'Mark generation 1 bad' })).toBeVisible();
  await expect(lastKnownGood).toContainText('generation 1, confirmed healthy', { timeout: 30_000 });

  await appPage.evaluate('location.hash = "#/audit"');
  const audit = appPage.getByRole('table', { name: 'Audit log' });
  await expect(audit).toContainText('generation.mark-bad', { timeout: 30_000 });
  await expect(audit).toContainText('generation.unmark-bad');
});
