// Editing a host in the app, against the real fleet: host1's port changed to
// one where nothing listens (the probe after the edit finds it offline), then
// its address, port and tags changed back to a working endpoint (online again,
// through the key pinned when it was added); the edit dialog passes axe.
// Adding a host under a name already taken is refused before any key is
// fetched, pointing at Edit and Remove.
import { fleetHost } from '../../fleet/fleet';
import { seriousFindings } from './axe';
import { expect, test } from './site-fixture';

// A site of its own: the edits must not reach the other specs' hosts.
test.use({ siteOf: 'host-edits' });

test('an operator edits a host on its Host screen; the probe after each edit shows where it is now', async ({ appPage, demoSite }) => {
  test.setTimeout(240_000);
  const h1 = fleetHost(demoSite.fleet, 'host1');
  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host1', exact: true }).click();
  const facts = appPage.locator('dl.facts');
  await expect(facts).toContainText('online', { timeout: 30_000 });
  await expect(facts).toContainText(`root@${h1.address}:${h1.port}`);

  await appPage.getByRole('button', { name: 'Edit host1' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Edit host1' });
  await expect(dialog).toContainText(`The pinned host key (ssh-ed25519 ${h1.hostKeyFingerprint}) stays`);
  const save = dialog.getByRole('button', { name: 'Save changes to host1' });
  // Nothing changed yet: nothing to save.
  await expect(save).toBeDisabled();
  expect(await seriousFindings(appPage)).toEqual([]);
  await dialog.getByRole('spinbutton', { name: 'SSH port' }).fill('1');
  await save.click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(appPage.getByRole('status').filter({ hasText: 'Changed host1' })).toContainText(
    `Changed host1: now root@${h1.address}:1, tags plc, line-a.`,
  );
  await expect(facts).toContainText(`root@${h1.address}:1`);
  await expect(facts).toContainText('offline', { timeout: 60_000 });

  await appPage.getByRole('button', { name: 'Edit host1' }).click();
  await dialog.getByRole('textbox', { name: 'Address' }).fill('localhost');
  await dialog.getByRole('spinbutton', { name: 'SSH port' }).fill(String(h1.port));
  await dialog.getByRole('textbox', { name: 'Tags (comma separated)' }).fill('plc, line-c');
  await save.click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(facts).toContainText(`root@localhost:${h1.port}`);
  await expect(facts).toContainText('plc, line-c');
  await expect(facts).toContainText('online', { timeout: 60_000 });

  // Audited with what it was and what it became.
  await appPage.evaluate('location.hash = "#/audit"');
  const audit = appPage.getByRole('table', { name: 'Audit log' });
  await expect(audit).toContainText('host.set', { timeout: 30_000 });
});

test('adding a host under a name already taken is refused before any key is fetched, pointing at Edit and Remove', async ({ appPage }) => {
  await appPage.evaluate('location.hash = "#/settings"');
  const form = appPage.getByRole('form', { name: 'Add a host' });
  await form.getByRole('textbox', { name: 'Host name' }).fill('host2');
  // Nothing listens on port 1: a key fetch would say so, instead of the name.
  await form.getByRole('textbox', { name: 'Address' }).fill('127.0.0.1');
  await form.getByRole('spinbutton', { name: 'SSH port' }).fill('1');
  await form.getByRole('button', { name: 'Fetch host key' }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText("a host named 'host2' already exists", { timeout: 30_000 });
  await expect(alert).toContainText('use Edit on its Host screen');
  await expect(alert).toContainText('Remove host2');
  await expect(alert).not.toContainText('airlock host');
  await expect(appPage.getByRole('dialog')).toBeHidden();
});
