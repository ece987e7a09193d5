// Settings against the real site and fleet: the site and its trusted key, a
// host removed after a confirmation naming it, then added back through the
// first-contact dialog that shows the key the real sshd offers.
import { fleetHost } from '../../fleet/fleet';
import { fleetPaths } from '../../fleet/paths';
import { expect, test } from './site-fixture';

test('Settings shows the site, its trusted bundle key and the probe interval', async ({ appPage }) => {
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  await expect(appPage.getByRole('region', { name: 'Site' })).toContainText('accel-ctl');
  await expect(appPage.getByRole('table', { name: 'Bundle keys' }).getByRole('row', { name: /accel-build-1/ })).toBeVisible();
  await expect(appPage.getByRole('spinbutton', { name: 'Probe interval (seconds)' })).toHaveValue('2');
});

test('a host is removed after confirming, and added back by confirming its fingerprint in the first-contact dialog', async ({
  appPage,
  demoSite,
}) => {
  const host2 = fleetHost(demoSite.fleet, 'host2');
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  const pinned = appPage.getByRole('table', { name: 'Pinned host keys' });
  await expect(pinned.getByRole('row', { name: /^host2\b/ })).toContainText(host2.hostKeyFingerprint);

  await pinned.getByRole('button', { name: 'Remove host2' }).click();
  await pinned.getByRole('button', { name: 'Confirm removing host2' }).click();
  await expect(pinned.getByRole('row', { name: /^host2\b/ })).toHaveCount(0);

  const form = appPage.getByRole('form', { name: 'Add a host' });
  await form.getByRole('textbox', { name: 'Host name' }).fill('host2');
  await form.getByRole('textbox', { name: 'Address' }).fill(host2.address);
  await form.getByRole('spinbutton', { name: 'SSH port' }).fill(String(host2.port));
  await form.getByRole('textbox', { name: 'Identity file (optional)' }).fill(fleetPaths(demoSite.fleetDir).clientKey);
  await form.getByRole('textbox', { name: 'Tags (comma separated)' }).fill('plc, line-b');
  await form.getByRole('button', { name: 'Fetch host key' }).click();

  const dialog = appPage.getByRole('dialog', { name: 'Confirm the host key of host2' });
  await expect(dialog.getByRole('radio', { name: new RegExp(host2.hostKeyFingerprint.replace(/[+/]/g, '\\$&')) })).toBeChecked();
  await dialog.getByRole('button', { name: 'Pin this key and add host2' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(form.getByRole('status')).toContainText(`Added host2; host key ${host2.hostKeyFingerprint} pinned.`);
  await expect(pinned.getByRole('row', { name: /^host2\b/ })).toBeVisible();

  // The fleet shows it again, online after the next probe.
  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Fleet' }).click();
  await expect(appPage.getByRole('table', { name: 'Hosts' }).getByRole('row', { name: /^host2\b/ })).toContainText('online', {
    timeout: 15_000,
  });
});
